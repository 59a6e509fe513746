namespace Cdc.Binlog;

/// <summary>
/// The text result of <see cref="BinlogClient.QueryAsync"/>: column names and rows of values as the server
/// formatted them (null for SQL NULL).
/// </summary>
/// <param name="Columns">Column names (labels) in select order.</param>
/// <param name="Rows">Rows; each has one value per column.</param>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows)
{
    /// <summary>The value of the named column in the given row; throws when the column does not exist.</summary>
    public string? Get(int row, string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.OrdinalIgnoreCase))
                return Rows[row][i];
        }
        throw new ArgumentException($"The result has no column '{column}' (columns: {string.Join(", ", Columns)}).", nameof(column));
    }
}
