namespace Cdc.Model;

/// <summary>A captured table's columns at one point of its history. Two definitions with equal columns are one schema version.</summary>
public sealed class TableDefinition : IEquatable<TableDefinition>
{
    public TableDefinition(TableId id, IReadOnlyList<ColumnDefinition> columns)
    {
        if (columns.Count == 0)
            throw new ArgumentException($"Table {id} has no columns to capture.", nameof(columns));
        Id = id;
        Columns = columns;
        KeyIndexes = Enumerable.Range(0, columns.Count).Where(i => columns[i].IsKey).ToArray();
    }

    public TableId Id { get; }

    public IReadOnlyList<ColumnDefinition> Columns { get; }

    /// <summary>Positions of the key columns in <see cref="Columns"/>; empty for a table without a primary key.</summary>
    public IReadOnlyList<int> KeyIndexes { get; }

    public bool HasKey => KeyIndexes.Count > 0;

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i].Name == column)
                return i;
        return -1;
    }

    public bool Equals(TableDefinition? other) =>
        other is not null && Id == other.Id && Columns.SequenceEqual(other.Columns);

    public override bool Equals(object? obj) => Equals(obj as TableDefinition);

    public override int GetHashCode() => HashCode.Combine(Id, Columns.Count);

    public override string ToString() => $"{Id} ({Columns.Count} columns)";
}
