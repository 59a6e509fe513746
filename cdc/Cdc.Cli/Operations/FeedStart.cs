using System.Globalization;

namespace Cdc.Cli.Operations;

/// <summary>Where reading a stream starts: its first or last message, an offset, or the first message published at or after a time.</summary>
internal sealed record FeedStart(string Kind, long Offset = 0, DateTimeOffset Time = default)
{
    public static readonly FeedStart First = new("first");
    public static readonly FeedStart Last = new("last");

    public static FeedStart AtOffset(long offset) =>
        offset >= 0 ? new FeedStart("offset", offset) : throw new UsageException($"Offset {offset} is negative: stream offsets start at 0.");

    public static FeedStart AtTime(DateTimeOffset time) => new("time", Time: time);

    /// <summary>Parses <c>first</c>, <c>last</c>, <c>offset N</c> or <c>time T</c> (T in ISO 8601, e.g. 2026-11-25T14:00:00Z).</summary>
    public static FeedStart Parse(string[] words) => words switch
    {
        ["first"] => First,
        ["last"] => Last,
        ["offset", var n] when long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) => AtOffset(offset),
        ["time", var t] => AtTime(ParseTime(t)),
        _ => throw new UsageException($"--from '{string.Join(' ', words)}' is not understood: use first, last, offset <N> or time <ISO 8601 time>."),
    };

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new UsageException($"'{text}' is not a time: use ISO 8601, e.g. 2026-11-25T14:00:00Z.");

    public override string ToString() => Kind switch
    {
        "offset" => $"offset {Offset}",
        "time" => $"time {Time:O}",
        _ => Kind,
    };
}
