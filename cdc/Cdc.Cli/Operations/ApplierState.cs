using Cdc.Appliers.Writing;
using Cdc.Connections;
using Cdc.Streams.Consuming;
using Microsoft.Extensions.Logging;

namespace Cdc.Cli.Operations;

/// <summary>
/// One applier's standing on one stream in one target: whether it runs (it holds its lock), the offset it applied,
/// and how far behind the stream's tail it is in records and in seconds (the age of the oldest message not applied).
/// </summary>
internal sealed record ApplierState(string Applier, string Stream, string Target, string State, long Offset, long? LagRecords, double? LagSeconds, DateTimeOffset AppliedAt)
{
    public static readonly string[] Columns = ["applier", "stream", "target", "state", "applied_offset", "lag_records", "lag_seconds", "applied_at"];

    public object?[] Row() => [Applier, Stream, Target, State, Offset, LagRecords, LagSeconds is { } s ? Math.Round(s, 1) : null, AppliedAt];

    public static async Task<List<ApplierState>> ReadAsync(DatabaseUri target, Func<string, Task<StreamFeed?>> feeds, ILogger logger, CancellationToken ct)
    {
        await using var writer = await TargetWriters.OpenAsync(target, logger, ct);
        var states = new List<ApplierState>();
        foreach (var (checkpoint, appliedAt) in await writer.ReadCheckpointsAsync(ct))
        {
            // Taking the lock tells whether the applier runs; it is released when this writer closes, moments later.
            var running = !await writer.TryLockAsync(checkpoint.Applier, checkpoint.Stream, ct);
            var feed = await feeds(checkpoint.Stream);
            long? lag = feed?.Tail is { } tail ? Math.Max(0, tail - checkpoint.Offset.Value) : feed is null ? null : 0;
            double? seconds = lag switch
            {
                null => null,
                0 => 0,
                _ => await AgeOfAsync(feed!, checkpoint.Offset.Value + 1, ct),
            };
            var state = (running ? "running" : "stopped") + RetentionWarning(checkpoint.Offset.Value, feed?.Head, feed?.Tail);
            states.Add(new ApplierState(checkpoint.Applier, checkpoint.Stream, target.ToString(), state, checkpoint.Offset.Value, lag, seconds, appliedAt));
        }
        return states;
    }

    /// <summary>
    /// Says when the stream's retention deleted, or is about to delete, messages the applier has not applied: once
    /// retention deletes (the first offset kept is above 0), the oldest tenth of what the stream keeps goes next.
    /// </summary>
    public static string RetentionWarning(long applied, long? head, long? tail)
    {
        if (head is not { } first || tail is not { } last || first == 0 || applied >= last)
            return "";
        if (applied + 1 < first)
            return $"; HOLE: retention deleted offsets {applied + 1} to {first - 1} before they were applied (it stops there: see \"A hole\" in the README)";
        var kept = last - first + 1;
        return applied + 1 - first < kept / 10
            ? $"; WARNING: its next offset {applied + 1} is in the oldest 10% of the offsets the stream keeps ({first} to {last}): retention deletes it soon, then it stops at a hole"
            : "";
    }

    private static async Task<double?> AgeOfAsync(StreamFeed feed, long offset, CancellationToken ct)
    {
        await foreach (var message in feed.ReadAsync(FeedStart.AtOffset(offset), offset, follow: false, ct))
            return message.Published is { } published ? Math.Max(0, (DateTimeOffset.UtcNow - published).TotalSeconds) : null;
        return null;
    }
}
