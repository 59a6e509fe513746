using Cdc.Appliers.Writing;
using Cdc.Connections;
using Cdc.Positions;
using Cdc.Schemas.Registry;
using Cdc.Sessions;
using Cdc.Sql;
using Cdc.Streams.Broker;
using Cdc.Streams.Consuming;
using Microsoft.Extensions.Logging;

namespace Cdc.Appliers.Pipeline;

/// <summary>
/// One apply session of one stream: read the checkpoint from the target, consume from the offset after it, assemble
/// whole source transactions, and apply several of them per target transaction together with the new checkpoint
/// (the loop is <see cref="ApplyBatcher"/>'s, shared with <c>cdc replay</c>).
/// </summary>
internal sealed partial class StreamApplier(ApplySettings options, string stream, BrokerEndpoint broker, DatabaseUri target, Readiness readiness, ApplyMetrics metrics, ILogger logger)
{
    private static readonly TimeSpan TailProbeInterval = TimeSpan.FromSeconds(5);

    private readonly TableAllowList _allowed = options.AllowLists[stream];

    public async Task RunAsync(CancellationToken stopping)
    {
        readiness.NotReady(Session(options.Name, stream), "connecting");
        await using var connection = await broker.ConnectAsync($"cdc apply {options.Name} {stream}", stopping);
        if (!await StreamBroker.ExistsAsync(connection, stream, stopping))
            throw new ApplyException($"Stream {stream} does not exist on {broker} yet: start the capturer of that office, or check --streams.", retryable: true);
        await using var registry = await SchemaRegistry.OpenAsync(broker, $"cdc apply {options.Name}", logger, stopping);
        var history = new RegistryTableHistory(registry);
        await using var writer = await TargetWriters.OpenAsync(target, history, options.DroppedColumns, options.Truncate, metrics, logger, stopping);
        if (!await writer.TryLockAsync(options.Name, stream, stopping))
            throw new ApplyException(
                $"Another applier named {options.Name} already applies stream {stream} to {target} (it holds the applier's lock there); " +
                "this one waits and takes over when that one stops. Give each applier its own --name.", retryable: true);
        var checkpoint = await writer.ReadCheckpointAsync(options.Name, stream, stopping);
        await using var consumer = await StreamConsumer.StartAsync(connection, stream, checkpoint.Offset.Next, options.Prefetch, options.MaxBufferBytes, stopping);
        LogResuming(logger, options.Name, stream, checkpoint.Offset.Next.Value, checkpoint.Position.ToString(), target.ToString());
        metrics.Resumed(stream, checkpoint.Offset.Value);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var probing = ProbeTailAsync(connection, session.Token);
        try
        {
            readiness.Ready(Session(options.Name, stream));
            await ApplyAsync(consumer, registry, history, writer, checkpoint, stopping);
        }
        finally
        {
            await session.CancelAsync();
            await probing;
        }
    }

    private async Task ApplyAsync(StreamConsumer consumer, SchemaRegistry registry, RegistryTableHistory history, ITargetWriter writer, Checkpoint checkpoint, CancellationToken stopping)
    {
        var batcher = new ApplyBatcher(stream, registry, options.SchemaPatience, options.MaxRecordsPerTransaction, logger)
        {
            Consumed = message => metrics.TailSeen(stream, message.Offset),
            Decoded = (message, records) =>
            {
                _allowed.Check(records);
                history.Bind(StreamNames.Office(stream)!, message.PublishedBy!);
            },
            Undecodable = Undecodable,
            Overtaken = _ => metrics.Overtaken(stream),
            Hole = Hole,
            // Not the stopping token, as for batches: a piece that started is written whole or rolled back with the rest.
            Pieces = new TransactionPieces(options.PieceBytes, options.MaxRecordsPerTransaction,
                (piece, applied) => writer.WritePieceAsync(piece, applied, CancellationToken.None), writer.AbandonPiecesAsync),
        };
        await batcher.RunAsync(consumer.ReadAsync(stopping), checkpoint, async (batch, next) =>
        {
            // Not the stopping token: a batch that started applying is finished, so a graceful stop stores it.
            try
            {
                await writer.ApplyAsync(batch, next, CancellationToken.None);
            }
            catch (ApplyException e) when (e.InnerException is UnrepresentableNameException)
            {
                throw new ApplyException($"Applying stream {stream} (applier {options.Name}): {e.Message}", inner: e);
            }
            metrics.Applied(stream, batch);
            LogApplied(logger, stream, batch.Sum(t => t.Records.Count), batch.Count, next.Offset.Value, next.Position.ToString());
        }, stopping);
    }

    /// <summary>
    /// Looks at the stream's tail now and then, so that the lag metrics measure against what the stream holds, not only
    /// against what the broker delivered so far (it delivers no further than the prefetch allows).
    /// </summary>
    private Task ProbeTailAsync(RabbitMQ.Client.IConnection connection, CancellationToken ct) =>
        PeriodicProbe.RunAsync(
            async token =>
            {
                if (await StreamBroker.TailOffsetAsync(connection, stream, token) is { } tail)
                    metrics.TailSeen(stream, tail);
            },
            TailProbeInterval,
            e => LogTailProbeFailed(logger, stream, e.Message),
            ct);

    /// <summary>The name this session reports its readiness under.</summary>
    public static string Session(string applier, string stream) => $"apply {applier} {stream}";

    private ApplyException Undecodable(StreamMessage message, Checkpoint checkpoint, Exception e)
    {
        if (e is ForbiddenRecordException)
            LogForbidden(logger, stream, message.Offset, message.PublishedBy ?? "(no user-id)", e.Message);
        return new ApplyException(
            $"The message at offset {message.Offset} of stream {stream} cannot be applied: {e.Message}. Nothing from that offset on was applied " +
            $"(applier {options.Name} stands at offset {checkpoint.Offset}). Inspect it with `cdc tail --stream {stream} --from offset {message.Offset}`; " +
            $"to skip it, stop this applier and run `cdc offsets set --applier {options.Name} --stream {stream} --offset {message.Offset} --target <target>`.",
            inner: e, stopsStreamOnly: e is ForbiddenRecordException);
    }

    /// <summary>
    /// Retention deleted messages this applier had not applied (it was stopped longer than the stream keeps them): applying
    /// on would skip their changes for good, so this stream stops and the operator chooses how to go on.
    /// </summary>
    private ApplyException Hole(StreamMessage message, Checkpoint checkpoint, long firstAvailable) => new(
        $"Stream {stream} lost messages before applier {options.Name} applied them: it stands at offset {checkpoint.Offset} (position {checkpoint.Position}), " +
        $"but the first offset the stream still holds is {firstAvailable}, and the message at offset {message.Offset} does not follow what was applied: " +
        $"the stream's retention deleted offsets {checkpoint.Offset.Next} to {firstAvailable - 1} while the applier was stopped, so their changes never reached {target}. " +
        $"Nothing beyond the hole is applied. Either copy the office's tables into this target again, with `cdc snapshot --office {StreamNames.Office(stream) ?? "<office>"} --source <office db> --tables <its tables>` " +
        $"while its capturer runs, then accept the loss with `cdc offsets set --applier {options.Name} --stream {stream} --offset {firstAvailable - 1} --target <target>` and start the applier; " +
        "or accept the loss alone with that `cdc offsets set` (`cdc verify` then lists the rows that differ). Keep appliers running, or raise the stream's retention, so that this does not happen again.",
        stopsStreamOnly: true)
    {
        ReadinessReason = $"stream {stream} has a hole: retention deleted offsets {checkpoint.Offset.Next} to {firstAvailable - 1} before they were applied (the log says how to recover)",
    };

    [LoggerMessage(Level = LogLevel.Critical, Message = "Forged or unauthorised message at offset {Offset} of stream {Stream} (published by broker user {Publisher}): {Reason}")]
    private static partial void LogForbidden(ILogger logger, string stream, long offset, string publisher, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applier {Applier} consumes {Stream} from offset {Offset} (last applied position {Position}) into {Target}")]
    private static partial void LogResuming(ILogger logger, string applier, string stream, long offset, string position, string target);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream {Stream}: could not read its tail offset for the lag metrics ({Reason}); trying again")]
    private static partial void LogTailProbeFailed(ILogger logger, string stream, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream {Stream}: applied {Records} records of {Transactions} transactions up to offset {Offset} (position {Position})")]
    private static partial void LogApplied(ILogger logger, string stream, int records, int transactions, long offset, string position);
}
