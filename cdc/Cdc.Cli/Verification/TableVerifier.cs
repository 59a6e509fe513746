using Cdc.Model;

namespace Cdc.Cli.Verification;

/// <summary>
/// Compares one table between source and target by primary key. Rows are spread over chunks by a hash of their key
/// (key ranges would depend on each engine's collation, which differ), each side sums its rows' digests per chunk, and
/// only chunks whose sums differ are read again to name the differing keys: missing in the target, extra in the
/// target, or with other values. Columns are compared by name; those the target lacks are reported, not compared.
/// </summary>
internal sealed class TableVerifier(VerifiedDatabase source, VerifiedDatabase target, int chunkSize)
{
    public async Task<TableVerdict> VerifyAsync(TableId table, string[] key, CancellationToken ct)
    {
        var sourceColumns = await source.ColumnsAsync(table, ct);
        var targetColumns = await target.ColumnsAsync(table, ct);
        var sourceRows = await source.CountAsync(table, ct);
        if (targetColumns.Length == 0)
            return new TableVerdict(table, sourceRows, 0, 0, 0, [], $"the table does not exist in the target {target.Uri}");
        if (key.Any(k => !targetColumns.Contains(k)))
            return new TableVerdict(table, sourceRows, await target.CountAsync(table, ct), 0, 0, [], "the target lacks key columns " + string.Join(", ", key.Where(k => !targetColumns.Contains(k))));
        var compared = sourceColumns.Where(c => !key.Contains(c) && targetColumns.Contains(c)).ToArray();
        var missing = sourceColumns.Where(c => !targetColumns.Contains(c)).ToArray();
        var targetRows = await target.CountAsync(table, ct);
        var chunks = (int)Math.Max(1, (Math.Max(sourceRows, targetRows) + chunkSize - 1) / chunkSize);

        var sourceSums = await ChunkSumsAsync(source, table, key, compared, chunks, ct);
        var targetSums = await ChunkSumsAsync(target, table, key, compared, chunks, ct);
        var differing = Enumerable.Range(0, chunks).Where(c => sourceSums[c] != targetSums[c]).ToHashSet();
        var differences = differing.Count == 0 ? [] : await DrillAsync(table, key, compared, chunks, differing, ct);
        return new TableVerdict(table, sourceRows, targetRows, chunks, differing.Count, differences,
            missing.Length > 0 ? "the target lacks columns " + string.Join(", ", missing) : null);
    }

    private static async Task<ulong[]> ChunkSumsAsync(VerifiedDatabase database, TableId table, string[] key, string[] compared, int chunks, CancellationToken ct)
    {
        var sums = new ulong[chunks];
        await foreach (var (rowKey, digest) in database.RowsAsync(table, key, compared, ct))
        {
            var keyHash = RowDigest.Hash(rowKey);
            sums[(int)(keyHash % (ulong)chunks)] += (keyHash * 0x9E3779B97F4A7C15UL) ^ digest;
        }
        return sums;
    }

    private async Task<List<(string, string)>> DrillAsync(TableId table, string[] key, string[] compared, int chunks, HashSet<int> differing, CancellationToken ct)
    {
        var inSource = await RowsInAsync(source, table, key, compared, chunks, differing, ct);
        var inTarget = await RowsInAsync(target, table, key, compared, chunks, differing, ct);
        var differences = new List<(string, string)>();
        foreach (var (rowKey, digest) in inSource)
        {
            if (!inTarget.TryGetValue(rowKey, out var other))
                differences.Add((rowKey, "missing in target"));
            else if (other != digest)
                differences.Add((rowKey, "values differ"));
        }
        differences.AddRange(inTarget.Keys.Where(k => !inSource.ContainsKey(k)).Select(k => (k, "only in target")));
        return differences.OrderBy(d => d.Item1, StringComparer.Ordinal).ToList();
    }

    private static async Task<Dictionary<string, ulong>> RowsInAsync(
        VerifiedDatabase database, TableId table, string[] key, string[] compared, int chunks, HashSet<int> differing, CancellationToken ct)
    {
        var rows = new Dictionary<string, ulong>();
        await foreach (var (rowKey, digest) in database.RowsAsync(table, key, compared, ct))
            if (differing.Contains((int)(RowDigest.Hash(rowKey) % (ulong)chunks)))
                rows[rowKey] = digest;
        return rows;
    }
}
