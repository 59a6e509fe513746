using System.CommandLine;
using Cdc.Appliers.Writing;
using Cdc.Cli.Operations;
using Cdc.Positions;
using Cdc.Streams.Consuming;
using Cdc.Streams.Messages;
using Microsoft.Extensions.Logging;

namespace Cdc.Cli.Commands;

/// <summary><c>cdc offsets list|set</c>: the appliers' stored positions in a target.</summary>
internal static class OffsetsCommand
{
    public static Command Create() => new("offsets", "See and move the appliers' stored positions (the cdc_offsets table of a target).")
    {
        List(),
        Set(),
    };

    private static Command List()
    {
        var target = Target();
        var json = CommonOptions.Json();
        var command = new Command("list", "List every applier's stored position in the target: stream, last applied offset and source position, when.") { target, json };
        command.SetAction((result, _) => CommandRunner.RunAsync("offsets list", async ct =>
        {
            using var logging = CliLogging.Create();
            await using var writer = await TargetWriters.OpenAsync(new ConnectionSettings().Target(result.GetValue(target)), logging.CreateLogger("cdc.offsets"), ct);
            var report = new Report(result.GetValue(json));
            report.Add("Offsets", ["applier", "stream", "offset", "position", "applied_at"],
                (await writer.ReadCheckpointsAsync(ct)).Select(c => new object?[]
                    { c.Checkpoint.Applier, c.Checkpoint.Stream, c.Checkpoint.Offset.Value, c.Checkpoint.Position.ToString(), c.AppliedAt }));
            report.Write();
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command Set()
    {
        var applier = new Option<string>("--applier") { Description = "The applier's name (its --name).", Required = true };
        var stream = new Option<string>("--stream") { Description = "The stream, e.g. cdc.<office>.", Required = true };
        var offset = new Option<long>("--offset")
        {
            Description = "The offset to store as the last one applied: the applier resumes at the next one. -1 means from the stream's start.",
            Required = true,
        };
        var target = Target();
        var broker = CommonOptions.Broker();
        var json = CommonOptions.Json();
        var command = new Command("set", """
            Store a new position for an applier on a stream: it resumes after --offset (to skip a message, give its offset;
            to re-apply from offset N, give N-1). The source position stored with it is the last record's of the message at
            that offset, read from the stream, so duplicates before it are still recognised. The offset right before the
            first one the stream still holds accepts a hole that retention made: the applier resumes at that first one. Refused while that applier runs
            (it holds its lock in the target): stop it first, set, start it again.
            """) { applier, stream, offset, target, broker, json };
        command.SetAction((result, _) => CommandRunner.RunAsync("offsets set", async ct =>
        {
            var name = result.GetValue(applier)!;
            var streamName = result.GetValue(stream)!;
            var at = result.GetValue(offset);
            if (at < -1)
                throw new UsageException($"--offset {at} is not an offset: give -1 (the stream's start) or more.");
            var connections = new ConnectionSettings();
            var targetUri = connections.Target(result.GetValue(target));
            using var logging = CliLogging.Create();
            var logger = logging.CreateLogger("cdc.offsets");
            await using var feed = await StreamFeed.OpenAsync(connections.Broker(result.GetValue(broker)), streamName, $"cdc offsets set {name}", ct);
            var position = SourcePosition.None;
            if (at >= 0 && at == feed.Head - 1)
            {
                // Right before what retention kept (accepting a hole): the position the first message kept links to.
                await foreach (var message in feed.ReadAsync(FeedStart.AtOffset(at + 1), at + 1, follow: false, ct))
                    position = ChangeMessageHeaders.FromAmqp(message.Headers) is var first && first.Previous is { } previous
                        ? previous
                        : first.First with { Index = first.First.Index - 1 };
            }
            else if (at >= 0)
            {
                feed.CheckStart(FeedStart.AtOffset(at), follow: false);
                await foreach (var message in feed.ReadAsync(FeedStart.AtOffset(at), at, follow: false, ct))
                    position = ChangeMessageHeaders.FromAmqp(message.Headers).Last;
            }
            await using var writer = await TargetWriters.OpenAsync(targetUri, logger, ct);
            if (!await writer.TryLockAsync(name, streamName, ct))
                throw new OperationFailedException(
                    $"Applier {name} is running on stream {streamName} into {targetUri} (it holds its lock there); its position cannot move under it. " +
                    $"Stop it first (SIGTERM to its `cdc apply --name {name}` process), run this again, then start it.");
            var before = await writer.ReadCheckpointAsync(name, streamName, ct);
            var after = new Checkpoint(name, streamName, new StreamOffset(at), position);
            await writer.ApplyAsync([], after, ct);
            if (result.GetValue(json))
            {
                var report = new Report(json: true);
                report.Add("Offset", ["applier", "stream", "offset_before", "position_before", "offset", "position", "resumes_at"],
                    [[name, streamName, before.Offset.Value, before.Position.ToString(), at, position.ToString(), at + 1]]);
                report.Write();
            }
            else
                await Console.Out.WriteLineAsync(
                    $"Applier {name} on {streamName}: offset {before.Offset} (position {before.Position}) -> {after.Offset} (position {after.Position}); it resumes at offset {at + 1}.");
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Option<string> Target() => new("--target")
    {
        Description = "The target database holding the offsets: postgres://user:password@host:port/database or mysql://...",
    };
}
