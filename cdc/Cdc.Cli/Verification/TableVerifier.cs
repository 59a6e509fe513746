using Cdc.Model;

namespace Cdc.Cli.Verification;

/// <summary>
/// Compares one table between source and target by primary-key ranges. The source's keys, read in
/// <see cref="KeyOrder"/>, cut the table into ranges of chunk-size rows; each side sums its rows' digests per range
/// (a row's digest covers its key and its other columns' values by meaning); a range whose sums or counts differ is
/// drilled into: its rows are read again from both sides, by key range, and compared key by key, to name the keys
/// missing in the target, extra in the target, or with other values. Columns are compared by name; those the target
/// lacks are reported, not compared.
/// </summary>
internal sealed class TableVerifier(VerifiedDatabase source, VerifiedDatabase target, int chunkSize)
{
    public async Task<TableVerdict> VerifyAsync(TableId table, string[] key, CancellationToken ct)
    {
        var sourceColumns = await source.ColumnsAsync(table, ct);
        var targetColumns = await target.ColumnsAsync(table, ct);
        var sourceRows = await source.CountAsync(table, ct);
        if (targetColumns.Length == 0)
            return new TableVerdict(table, sourceRows, 0, 0, [], [], $"the table does not exist in the target {target.Uri}");
        var targetNames = targetColumns.Select(c => c.Name).ToHashSet();
        if (key.Any(k => !targetNames.Contains(k)))
            return new TableVerdict(table, sourceRows, await target.CountAsync(table, ct), 0, [], [], "the target lacks key columns " + string.Join(", ", key.Where(k => !targetNames.Contains(k))));
        var compared = sourceColumns.Select(c => c.Name).Where(c => !key.Contains(c) && targetNames.Contains(c)).ToArray();
        var missing = sourceColumns.Select(c => c.Name).Where(c => !targetNames.Contains(c)).ToArray();
        var targetRows = await target.CountAsync(table, ct);
        var sourceKey = key.Select(k => sourceColumns.First(c => c.Name == k)).ToArray();
        var targetKey = key.Select(k => targetColumns.First(c => c.Name == k)).ToArray();

        var ranges = new KeyRanges(chunkSize);
        List<RangeSum> sourceSums, targetSums;
        try
        {
            sourceSums = await SumAsync(source.RowsAsync(table, sourceKey, compared, null, null, ct), ranges.Add, ct);
            targetSums = await SumAsync(target.RowsAsync(table, targetKey, compared, null, null, ct), ranges.RangeOf, ct);
        }
        catch (KeyOrderException e)
        {
            return new TableVerdict(table, sourceRows, targetRows, 0, [], [],
                $"its keys ({string.Join(", ", sourceKey.Select(k => $"{k.Name} {k.Type}"))}) do not sort alike on both sides ({e.Message}), so they cannot be compared by range");
        }
        var differing = Enumerable.Range(0, ranges.Count).Where(r => At(sourceSums, r) != At(targetSums, r)).ToList();
        var differences = differing.Count == 0 ? [] : await DrillAsync(table, (sourceKey, targetKey), compared, ranges, differing, ct);
        var chunks = differing.Select(r => new DifferingRange(ranges.Bounds(r), At(sourceSums, r).Rows, At(targetSums, r).Rows)).ToList();
        return new TableVerdict(table, sourceRows, targetRows, ranges.Count, chunks, differences,
            missing.Length > 0 ? "the target lacks columns " + string.Join(", ", missing) : null);
    }

    /// <summary>Row count and digest sum per range; the rows must come in strictly increasing key order.</summary>
    private static async Task<List<RangeSum>> SumAsync(IAsyncEnumerable<VerifiedRow> rows, Func<object?[], int> rangeOf, CancellationToken ct)
    {
        var sums = new List<RangeSum>();
        object?[]? previous = null;
        await foreach (var row in rows.WithCancellation(ct))
        {
            if (previous is not null && KeyOrder.Instance.Compare(previous, row.Key) >= 0)
                throw new KeyOrderException(previous, row.Key);
            previous = row.Key;
            var range = rangeOf(row.Key);
            while (sums.Count <= range)
                sums.Add(default);
            // The digest covers the key too, so that a row moved to another key changes the sum.
            sums[range] = new RangeSum(sums[range].Rows + 1, sums[range].Digests + (RowDigest.Hash(row.KeyText) * 0x9E3779B97F4A7C15UL ^ row.Digest));
        }
        return sums;
    }

    private static RangeSum At(List<RangeSum> sums, int range) => range < sums.Count ? sums[range] : default;

    /// <summary>
    /// The differing keys of the differing ranges, read again by key range from both sides. The rows of all of them are
    /// matched together by key, so that a key one side put in another range than the other does not count as a difference.
    /// </summary>
    private async Task<List<(string, string)>> DrillAsync(
        TableId table, (VerifiedColumn[] Source, VerifiedColumn[] Target) key, string[] compared, KeyRanges ranges, List<int> differing, CancellationToken ct)
    {
        var inSource = new Dictionary<string, ulong>();
        var inTarget = new Dictionary<string, ulong>();
        foreach (var range in differing)
        {
            var (from, to) = ranges.Bounds(range);
            await foreach (var row in source.RowsAsync(table, key.Source, compared, from, to, ct))
                inSource[row.KeyText] = row.Digest;
            await foreach (var row in target.RowsAsync(table, key.Target, compared, from, to, ct))
                inTarget[row.KeyText] = row.Digest;
        }
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

    private readonly record struct RangeSum(long Rows, ulong Digests);
}
