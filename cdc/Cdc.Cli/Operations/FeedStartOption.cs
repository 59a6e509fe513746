using System.Globalization;
using Cdc.Streams.Consuming;

namespace Cdc.Cli.Operations;

/// <summary>Reads where to start a stream from the command line; anything not understood is a usage error.</summary>
internal static class FeedStartOption
{
    /// <summary>Parses <c>first</c>, <c>last</c>, <c>offset N</c> or <c>time T</c> (T in ISO 8601, e.g. 2026-11-25T14:00:00Z).</summary>
    public static FeedStart Parse(string[] words) => words switch
    {
        ["first"] => FeedStart.First,
        ["last"] => FeedStart.Last,
        ["offset", var n] when long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) => AtOffset(offset),
        ["time", var t] => FeedStart.AtTime(ParseTime(t)),
        _ => throw new UsageException($"--from '{string.Join(' ', words)}' is not understood: use first, last, offset <N> or time <ISO 8601 time>."),
    };

    public static FeedStart AtOffset(long offset) =>
        offset >= 0 ? FeedStart.AtOffset(offset) : throw new UsageException($"Offset {offset} is negative: stream offsets start at 0.");

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new UsageException($"'{text}' is not a time: use ISO 8601, e.g. 2026-11-25T14:00:00Z.");
}
