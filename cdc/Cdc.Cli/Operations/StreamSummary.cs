using Cdc.Streams.Broker;
using Cdc.Streams.Consuming;

namespace Cdc.Cli.Operations;

/// <summary>
/// What the broker keeps of a stream: first and last offset, the publish times of those messages, and the retention
/// Cdc declares it with (AMQP 0.9.1 cannot read a queue's arguments back, so that is what Cdc asked for).
/// </summary>
internal sealed record StreamSummary(string Stream, long? FirstOffset, long? LastOffset, DateTimeOffset? FirstTime, DateTimeOffset? LastTime, string Retention)
{
    public long Length => LastOffset is { } last && FirstOffset is { } first ? last - first + 1 : 0;

    public static async Task<StreamSummary> ReadAsync(StreamFeed feed, CancellationToken ct)
    {
        var firstTime = feed.Head is { } head ? await PublishedAtAsync(feed, head, ct) : null;
        var lastTime = feed.Tail is { } tail ? await PublishedAtAsync(feed, tail, ct) : null;
        var retention = feed.Stream == StreamNames.Schemas ? StreamRetention.Forever : StreamRetention.Default;
        return new StreamSummary(feed.Stream, feed.Head, feed.Tail, firstTime, lastTime, Describe(retention));
    }

    public object?[] Row() => [Stream, Length, FirstOffset, LastOffset, FirstTime, LastTime, Retention];

    public static readonly string[] Columns = ["stream", "length", "first_offset", "last_offset", "first_time", "last_time", "retention"];

    private static async Task<DateTimeOffset?> PublishedAtAsync(StreamFeed feed, long offset, CancellationToken ct)
    {
        await foreach (var message in feed.ReadAsync(FeedStart.AtOffset(offset), offset, follow: false, ct))
            return message.Published;
        return null;
    }

    private static string Describe(StreamRetention retention) =>
        retention.MaxBytes is null && retention.MaxAge is null
            ? "forever"
            : $"{retention.MaxBytes / 1_000_000_000.0:0.#} GB or {retention.MaxAge}, whichever first";
}
