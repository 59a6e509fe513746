using System.Globalization;
using Cdc.Binlog.Protocol;

namespace Cdc.Binlog;

/// <summary>
/// A MySQL GTID set such as <c>3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7,...</c>: per source uuid, closed
/// intervals of transaction numbers (the format of <c>@@gtid_executed</c>). Immutable: <see cref="Add"/> returns a
/// new set. Tagged GTIDs (MySQL 8.3+, <c>uuid:tag:n</c>) are not supported.
/// </summary>
public sealed class MySqlGtidSet : IEquatable<MySqlGtidSet>
{
    private readonly SortedDictionary<string, (long Start, long End)[]> _intervals;

    private MySqlGtidSet(SortedDictionary<string, (long Start, long End)[]> intervals) => _intervals = intervals;

    /// <summary>The empty set: a dump from it sends every transaction the server still has.</summary>
    public static MySqlGtidSet Empty { get; } = new(new SortedDictionary<string, (long, long)[]>(StringComparer.Ordinal));

    /// <summary>Source uuids and their sorted, merged, inclusive intervals.</summary>
    public IEnumerable<(Guid SourceId, IReadOnlyList<(long Start, long End)> Intervals)> Sources =>
        _intervals.Select(p => (Guid.Parse(p.Key), (IReadOnlyList<(long, long)>)p.Value));

    /// <summary>Parses the textual form; whitespace and newlines (as in SHOW MASTER STATUS) are ignored.</summary>
    /// <exception cref="FormatException">An element is not <c>uuid:n[-m][:n[-m]]...</c>.</exception>
    public static MySqlGtidSet Parse(string text)
    {
        var set = Empty;
        foreach (var element in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = element.Split(':');
            if (parts.Length < 2 || !Guid.TryParse(parts[0], out var source))
                throw Invalid(text, element);
            foreach (var range in parts.Skip(1))
            {
                var dash = range.Split('-');
                if (dash.Length > 2 || !TryNumber(dash[0], out var start) || !TryNumber(dash[^1], out var end) || end < start)
                    throw Invalid(text, element);
                set = set.AddRange(source, start, end);
            }
        }
        return set;
    }

    /// <summary>Returns the set with <paramref name="gtid"/> added.</summary>
    public MySqlGtidSet Add(MySqlGtid gtid) => AddRange(gtid.SourceId, gtid.TransactionNumber, gtid.TransactionNumber);

    /// <summary>True when the set contains <paramref name="gtid"/>.</summary>
    public bool Contains(MySqlGtid gtid) =>
        _intervals.TryGetValue(Key(gtid.SourceId), out var list)
        && list.Any(i => i.Start <= gtid.TransactionNumber && gtid.TransactionNumber <= i.End);

    /// <summary>
    /// The binary form of COM_BINLOG_DUMP_GTID: number of sources (u64), then per source its 16 uuid bytes,
    /// number of intervals (u64) and each interval as start (u64) and exclusive end (u64).
    /// </summary>
    internal byte[] Encode()
    {
        var writer = new PacketWriter().WriteUInt64((ulong)_intervals.Count);
        foreach (var (key, list) in _intervals)
        {
            var bytes = new byte[16];
            Guid.Parse(key).TryWriteBytes(bytes, bigEndian: true, out _);
            writer.WriteBytes(bytes).WriteUInt64((ulong)list.Length);
            foreach (var (start, end) in list)
                writer.WriteUInt64((ulong)start).WriteUInt64((ulong)end + 1);
        }
        return writer.ToArray();
    }

    /// <summary>Formats like <c>@@gtid_executed</c>: <c>uuid:1-5:7,uuid:1-3</c>, uuids in lower case and sorted.</summary>
    public override string ToString() =>
        string.Join(",", _intervals.Select(p => p.Key + string.Concat(p.Value.Select(i =>
            i.Start == i.End
                ? string.Create(CultureInfo.InvariantCulture, $":{i.Start}")
                : string.Create(CultureInfo.InvariantCulture, $":{i.Start}-{i.End}")))));

    /// <inheritdoc />
    public bool Equals(MySqlGtidSet? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MySqlGtidSet);

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    private MySqlGtidSet AddRange(Guid source, long start, long end)
    {
        var copy = new SortedDictionary<string, (long Start, long End)[]>(_intervals, StringComparer.Ordinal);
        var list = copy.TryGetValue(Key(source), out var existing) ? existing.ToList() : [];
        list.Add((start, end));
        list.Sort();
        var merged = new List<(long Start, long End)>();
        foreach (var interval in list)
        {
            if (merged.Count > 0 && interval.Start <= merged[^1].End + 1)
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, interval.End));
            else
                merged.Add(interval);
        }
        copy[Key(source)] = [.. merged];
        return new MySqlGtidSet(copy);
    }

    private static string Key(Guid source) => source.ToString("D");

    private static bool TryNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    private static FormatException Invalid(string text, string element) =>
        new($"'{element}' in GTID set '{text}' is not uuid:n[-m][:n[-m]]..., e.g. 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7.");
}
