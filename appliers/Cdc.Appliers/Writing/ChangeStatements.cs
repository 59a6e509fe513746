using Cdc.Model;

namespace Cdc.Appliers.Writing;

/// <summary>
/// Which statement a change needs on a target: inserts and updates as upserts by key (an update that moved the key
/// updates the old row, or upserts the new one when the old one is not on the target), deletes by key, truncates.
/// A table without a key takes inserts, and takes updates and deletes that carry the whole old row (PostgreSQL REPLICA IDENTITY FULL, MySQL full row image): one matching row changes.
/// Unavailable columns are left out, so the target keeps their value; an update that lacks some (PostgreSQL's unchanged
/// TOAST values the capturer could not re-read because the source row is gone since) only updates an existing row: an
/// insert would write NULL or a default in their place, and the log carries the row's delete or key change. Upserts and deletes by key also take several rows
/// in one statement (see <see cref="StatementCoalescer"/> for which changes may share one).
/// </summary>
public sealed class ChangeStatements(SqlDialect dialect)
{
    public SqlStatement? For(ChangeRecord change)
    {
        var table = change.Table;
        var name = dialect.TableName(table.Id);
        return change.Op switch
        {
            Operation.Create or Operation.Read => Upsert(name, table, change.After!),
            Operation.Update when !table.HasKey => change.Before is { HasUnavailable: false } before ? ChangeOneRow(name, table, before, change.After) : null,
            Operation.Update when change.Before is { } before && KeyMoved(table, before, change.After!) => MoveKey(name, table, before, change.After!),
            Operation.Update when change.After!.HasUnavailable => UpdateInPlace(name, table, change.After!),
            Operation.Update => Upsert(name, table, change.After!),
            Operation.Delete when !table.HasKey => change.Before is { HasUnavailable: false } before ? ChangeOneRow(name, table, before, null) : null,
            Operation.Delete => DeleteByKey(name, table, [change.Before!]),
            Operation.Truncate => Truncate([name]),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change.Op, "Unknown operation."),
        };
    }

    /// <summary>One truncation of these target tables together (see <see cref="SqlDialect.Truncate"/>).</summary>
    public SqlStatement Truncate(IReadOnlyList<string> tables) => new(dialect.Truncate(tables), []);

    /// <summary>
    /// An update that moved the key updates the old row when the target has it, and upserts the new row when it does
    /// not yet (a snapshot chunk read while streaming leaves a row the log changed meanwhile to the log's change), when
    /// the new row is whole and the engine can say so in one statement; otherwise it updates the old row.
    /// </summary>
    private SqlStatement MoveKey(string name, TableDefinition table, RowImage before, RowImage after)
    {
        if (after.HasUnavailable)
            return UpdateByKey(name, table, before, after);
        var parameters = new List<(ColumnDefinition, object?)>();
        var set = SetClause(parameters, table, after);
        var where = KeyClause(parameters, table, before);
        var columns = Enumerable.Range(0, table.Columns.Count).ToArray();
        var values = columns.Select(i => Add(parameters, table.Columns[i], after[i])).ToArray();
        var sql = dialect.UpdateElseUpsert(name, set, where, table.Columns, values,
            table.KeyIndexes.Select(i => table.Columns[i]).ToArray(), table.Columns.Where(c => !c.IsKey).ToArray());
        return sql is null ? UpdateByKey(name, table, before, after) : new SqlStatement(sql, parameters);
    }

    /// <summary>An upsert of a whole row into a table with a key; used for the offset table too.</summary>
    public SqlStatement Upsert(string name, TableDefinition table, RowImage row) => Upsert(name, table, [row]);

    /// <summary>
    /// An upsert of rows with distinct keys in one statement, in their order; every row has the available columns of the
    /// first (see <see cref="StatementCoalescer"/>).
    /// </summary>
    public SqlStatement Upsert(string name, TableDefinition table, IReadOnlyList<RowImage> rows)
    {
        var parameters = new List<(ColumnDefinition, object?)>();
        var columns = Available(table, rows[0]).ToArray();
        var values = rows.Select(row => (IReadOnlyList<string>)columns.Select(i => Add(parameters, table.Columns[i], row[i])).ToArray()).ToArray();
        var key = table.KeyIndexes.Select(i => table.Columns[i]).ToArray();
        var update = columns.Where(i => !table.Columns[i].IsKey).Select(i => table.Columns[i]).ToArray();
        return new SqlStatement(dialect.Upsert(name, columns.Select(i => table.Columns[i]).ToArray(), values, key, update), parameters);
    }

    /// <summary>
    /// A delete by key of the rows whose old images are <paramref name="rows"/>: <c>k = p</c> for one row,
    /// <c>k IN (p1, p2)</c> or <c>(k1, k2) IN ((p1, p2), (p3, p4))</c> for several.
    /// </summary>
    public SqlStatement DeleteByKey(string name, TableDefinition table, IReadOnlyList<RowImage> rows)
    {
        var parameters = new List<(ColumnDefinition, object?)>();
        if (rows.Count == 1)
            return new SqlStatement($"DELETE FROM {name} WHERE {KeyClause(parameters, table, rows[0])}", parameters);
        var key = table.KeyIndexes;
        string Tuple(IEnumerable<string> items) => key.Count == 1 ? items.Single() : $"({string.Join(", ", items)})";
        var columns = Tuple(key.Select(i => dialect.Quote(table.Columns[i].Name)));
        var values = rows.Select(row => Tuple(key.Select(i => Add(parameters, table.Columns[i], row[i])).ToArray())).ToArray();
        return new SqlStatement($"DELETE FROM {name} WHERE {columns} IN ({string.Join(", ", values)})", parameters);
    }

    /// <summary>
    /// Which statement by key a change needs when several such changes can share one statement; null for the others:
    /// tables without a key, key moves, truncates, and keys that are not plain values (unavailable, arrays, json),
    /// whose equality on the target the model cannot tell.
    /// </summary>
    public static KeyedStatement? Keyed(ChangeRecord change)
    {
        var table = change.Table;
        if (!table.HasKey || change.KeyRow is not { } row)
            return null;
        foreach (var i in table.KeyIndexes)
            if (!row.IsAvailable(i) || table.Columns[i].Kind is ColumnKind.Array or ColumnKind.Json)
                return null;
        return change.Op switch
        {
            Operation.Create or Operation.Read => KeyedStatement.Upsert,
            Operation.Update when change.Before is { } before && KeyMoved(table, before, change.After!) => null,
            Operation.Update when change.After!.HasUnavailable => null,
            Operation.Update => KeyedStatement.Upsert,
            Operation.Delete => KeyedStatement.Delete,
            _ => null,
        };
    }

    private SqlStatement UpdateByKey(string name, TableDefinition table, RowImage before, RowImage after)
    {
        var parameters = new List<(ColumnDefinition, object?)>();
        var set = SetClause(parameters, table, after);
        var where = KeyClause(parameters, table, before);
        return new SqlStatement($"UPDATE {name} SET {set} WHERE {where}", parameters);
    }

    /// <summary>An update of the available non-key columns of the row with this key, when the target has it.</summary>
    private SqlStatement UpdateInPlace(string name, TableDefinition table, RowImage after)
    {
        var parameters = new List<(ColumnDefinition, object?)>();
        var set = string.Join(", ", Available(table, after).Where(i => !table.Columns[i].IsKey)
            .Select(i => $"{dialect.Quote(table.Columns[i].Name)} = {Add(parameters, table.Columns[i], after[i])}"));
        if (set.Length == 0)
            set = string.Join(", ", table.KeyIndexes.Select(i => $"{dialect.Quote(table.Columns[i].Name)} = {dialect.Quote(table.Columns[i].Name)}"));
        var where = KeyClause(parameters, table, after);
        return new SqlStatement($"UPDATE {name} SET {set} WHERE {where}", parameters);
    }

    private SqlStatement ChangeOneRow(string name, TableDefinition table, RowImage before, RowImage? after)
    {
        var parameters = new List<(ColumnDefinition, object?)>();
        var set = after is null ? null : SetClause(parameters, table, after);
        var where = string.Join(" AND ", table.Columns.Select((c, i) => dialect.NullSafeEquals(c, Add(parameters, c, before[i]))));
        return new SqlStatement(dialect.ChangeOneRow(name, set, where), parameters);
    }

    private string SetClause(List<(ColumnDefinition, object?)> parameters, TableDefinition table, RowImage row) =>
        string.Join(", ", Available(table, row).Select(i => $"{dialect.Quote(table.Columns[i].Name)} = {Add(parameters, table.Columns[i], row[i])}"));

    private string KeyClause(List<(ColumnDefinition, object?)> parameters, TableDefinition table, RowImage row) =>
        string.Join(" AND ", table.KeyIndexes.Select(i => $"{dialect.Quote(table.Columns[i].Name)} = {Add(parameters, table.Columns[i], row[i])}"));

    private string Add(List<(ColumnDefinition, object?)> parameters, ColumnDefinition column, object? value)
    {
        parameters.Add((column, value));
        return dialect.Parameter(parameters.Count - 1, column);
    }

    private static IEnumerable<int> Available(TableDefinition table, RowImage row) =>
        Enumerable.Range(0, table.Columns.Count).Where(row.IsAvailable);

    private static bool KeyMoved(TableDefinition table, RowImage before, RowImage after) =>
        table.KeyIndexes.Any(i => before.IsAvailable(i) && !Equals(before[i], after[i]));
}
