namespace Cdc.Capture.Snapshot;

/// <summary>
/// The keyset chunk query every engine runs: <c>SELECT columns FROM table WHERE (key) &gt; (last key) ORDER BY key
/// LIMIT n</c>. The engine supplies quoted names, select expressions and the last key as placeholders or literals.
/// Some optimizers use the primary key's range only for the expanded form <c>a &gt; x OR (a = x AND b &gt; y)</c>
/// (MariaDB 10.11 scans the whole index from its start for a row-value comparison), hence the choice.
/// </summary>
internal static class ChunkQuery
{
    public static string Build(string table, IEnumerable<string> columns, IReadOnlyList<string> keys, IReadOnlyList<string>? after, int limit, bool expandRowComparison)
    {
        var where = after is null ? ""
            : expandRowComparison ? " WHERE " + Expanded(keys, after)
            : $" WHERE ({string.Join(", ", keys)}) > ({string.Join(", ", after)})";
        return $"SELECT {string.Join(", ", columns)} FROM {table}{where} ORDER BY {string.Join(", ", keys)} LIMIT {limit}";
    }

    private static string Expanded(IReadOnlyList<string> keys, IReadOnlyList<string> after) =>
        string.Join(" OR ", keys.Select((key, i) =>
            "(" + string.Join(" AND ", keys.Take(i).Select((equal, j) => $"{equal} = {after[j]}").Append($"{key} > {after[i]}")) + ")"));
}
