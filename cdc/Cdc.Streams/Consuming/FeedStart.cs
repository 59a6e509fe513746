namespace Cdc.Streams.Consuming;

/// <summary>Where reading a stream starts: its first or last message, an offset, or the first message published at or after a time.</summary>
public sealed record FeedStart(string Kind, long Offset = 0, DateTimeOffset Time = default)
{
    public static readonly FeedStart First = new("first");
    public static readonly FeedStart Last = new("last");

    public static FeedStart AtOffset(long offset) =>
        offset >= 0 ? new FeedStart("offset", offset) : throw new ArgumentOutOfRangeException(nameof(offset), offset, "Stream offsets start at 0.");

    public static FeedStart AtTime(DateTimeOffset time) => new("time", Time: time);

    public override string ToString() => Kind switch
    {
        "offset" => $"offset {Offset}",
        "time" => $"time {Time:O}",
        _ => Kind,
    };
}
