using Cdc.Appliers;
using Cdc.Appliers.Pipeline;
using System.CommandLine;
using Cdc.Appliers.Writing;
using Cdc.Cli.Operations;
using Cdc.Schemas.Registry;
using Cdc.Streams.Consuming;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Cdc.Cli.Commands;

/// <summary><c>cdc replay</c>: re-applies a range of a stream into a target, to recover it.</summary>
internal static class ReplayCommand
{
    private const string Help = """
        Re-apply a stream's records into a target database, to recover it (a table truncated or damaged by mistake).
        Records of the range are applied again in stream order, as whole source transactions, with the applier's own
        statements (upserts by key, deletes, truncates), so replaying to the stream's end leaves every replayed table as
        the source has it. Progress is stored in the target's cdc_offsets under --name (default: replay); the appliers'
        own checkpoints are not touched.
        Exactly-once rules: replay refuses while an applier of the stream runs against the target (it holds their locks
        while it works, so none starts meanwhile), and refuses to stop before the offset an applier already applied
        (that would leave rows older than they were). --force skips both: the range's changes are re-applied over
        whatever newer data the target holds. --dry-run reads and decodes the range and prints what it would change.
        """;

    public static Command Create()
    {
        var stream = new Option<string>("--stream") { Description = "The stream to replay, e.g. cdc.<office>.", Required = true };
        var fromOffset = new Option<long?>("--from-offset") { Description = "Replay from this stream offset (e.g. 0: everything the stream keeps)." };
        var fromTime = new Option<string>("--from-time") { Description = "Replay from the first message published at or after this time (ISO 8601, e.g. 2026-11-25T14:00:00Z)." };
        var toOffset = new Option<long?>("--to-offset") { Description = "Stop after this offset (default: the stream's end when the replay starts)." };
        var tables = new Option<string>("--tables") { Description = "Only these tables: schema.table or table, comma-separated (default: all)." };
        var target = new Option<string>("--target") { Description = "The target database: postgres://user:password@host:port/database or mysql://..." };
        var name = new Option<string>("--name") { Description = "The name the replay's progress is stored under in cdc_offsets (default: replay).", DefaultValueFactory = _ => "replay" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Change nothing: print how many changes per table and op the replay would apply." };
        var force = new Option<bool>("--force") { Description = "Replay even while an applier runs, or to an offset below what an applier applied: older changes overwrite newer data." };
        var broker = CommonOptions.Broker();
        var json = CommonOptions.Json();
        var command = new Command("replay", Help) { stream, fromOffset, fromTime, toOffset, tables, target, name, dryRun, force, broker, json };
        command.SetAction((result, _) => CommandRunner.RunAsync("replay", async ct =>
        {
            var start = (result.GetValue(fromOffset), result.GetValue(fromTime)) switch
            {
                ({ } offset, null) => FeedStartOption.AtOffset(offset),
                (null, { } time) => FeedStart.AtTime(FeedStartOption.ParseTime(time)),
                _ => throw new UsageException("Give exactly one of --from-offset <N> and --from-time <T>."),
            };
            var connections = new ConnectionSettings();
            var only = result.GetValue(tables)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
            var plan = new ReplayPlan(result.GetValue(stream)!, start, result.GetValue(toOffset), only, connections.Target(result.GetValue(target)),
                result.GetValue(name)!, result.GetValue(dryRun), result.GetValue(force));
            var brokerEndpoint = connections.Broker(result.GetValue(broker));
            using var logging = CliLogging.Create();
            var logger = logging.CreateLogger("cdc.replay");
            await using var feed = await StreamFeed.OpenAsync(brokerEndpoint, plan.Stream, $"cdc replay {plan.Name}", ct);
            await using var registry = await SchemaRegistry.OpenAsync(brokerEndpoint, $"cdc replay {plan.Name}", logger, ct);
            feed.CheckStart(start, follow: false);
            var end = EndOf(plan, feed);
            // Replaying into an empty target evolves its tables through every registered version, as the applier does.
            await using var writer = await TargetWriters.OpenAsync(plan.Target, new RegistryTableHistory(registry), DroppedColumnPolicy.Keep, TruncatePolicy.Auto, null, logger, ct);
            if (!await writer.TryLockAsync(plan.Name, plan.Stream, ct))
                throw new OperationFailedException($"Another replay named {plan.Name} is running on stream {plan.Stream} into {plan.Target}; wait for it, or give this one another --name.");
            var replay = new StreamReplay(plan, feed, registry, writer, logger);
            await replay.CheckAppliersAsync(end, ct);
            await RunWithProgressAsync(replay, plan, start, feed, end, result.GetValue(json), ct);
            var report = new Report(result.GetValue(json));
            report.Add(plan.DryRun ? "Would apply (dry run)" : "Applied", ["table", "op", "changes"],
                replay.Changes.OrderBy(c => c.Key).Select(c => new object?[] { c.Key.Table, c.Key.Op.ToString(), c.Value }));
            report.Add("Replay", ["stream", "from", "to_offset", "target", "dry_run"],
                [[plan.Stream, start.ToString(), replay.LastOffset, plan.Target.ToString(), plan.DryRun]]);
            report.Write();
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static long EndOf(ReplayPlan plan, StreamFeed feed)
    {
        var tail = feed.Tail ?? throw new OperationFailedException($"Stream {plan.Stream} is empty: there is nothing to replay.");
        if (plan.ToOffset is not { } to)
            return tail;
        if (to > tail)
            throw new OperationFailedException($"--to-offset {to} is beyond the end of stream {plan.Stream}: its last offset is {tail}.");
        if (plan.From.Kind == "offset" && to < plan.From.Offset)
            throw new UsageException($"--to-offset {to} is before --from-offset {plan.From.Offset}.");
        return to;
    }

    private static async Task RunWithProgressAsync(StreamReplay replay, ReplayPlan plan, FeedStart start, StreamFeed feed, long end, bool json, CancellationToken ct)
    {
        if (!Report.Interactive || json)
        {
            await replay.RunAsync(end, _ => { }, ct);
            return;
        }
        var first = start.Kind == "offset" ? start.Offset : feed.Head ?? 0;
        await AnsiConsole.Progress().StartAsync(async context =>
        {
            var task = context.AddTask(Markup.Escape($"{(plan.DryRun ? "Checking" : "Replaying")} {plan.Stream}"), maxValue: Math.Max(1, end - first + 1));
            await replay.RunAsync(end, offset => task.Value = offset - first + 1, ct);
            task.Value = task.MaxValue;
        });
    }
}
