using Cdc.Appliers.Assembly;
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
    private Checkpoint _applied; // the checkpoint stored last
    private bool _piecesOpen; // pieces of a source transaction were written into the open target transaction

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
        await writer.ClearHaltAsync(checkpoint, stopping);
        await using var dead = options.OnBadMessage == BadMessagePolicy.Park
            ? await DeadLetterPublisher.OpenAsync(connection, options.Name, StreamNames.Office(stream)!, stopping)
            : null;
        await using var consumer = await StreamConsumer.StartAsync(connection, stream, checkpoint.Offset.Next, options.Prefetch, options.MaxBufferBytes, stopping);
        LogResuming(logger, options.Name, stream, checkpoint.Offset.Next.Value, checkpoint.Position.ToString(), target.ToString());
        metrics.Resumed(stream, checkpoint.Offset.Value);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var probing = ProbeTailAsync(connection, session.Token);
        try
        {
            readiness.Ready(Session(options.Name, stream));
            await ApplyAsync(consumer, registry, history, writer, checkpoint, new BadMessages(connection, dead), stopping);
        }
        catch (Exception e) when (ApplyFailure.Classify(e) != ApplyFailureKind.Passing && !stopping.IsCancellationRequested)
        {
            await RecordHaltAsync(writer, e);
            throw;
        }
        finally
        {
            await session.CancelAsync();
            await probing;
        }
    }

    private async Task ApplyAsync(StreamConsumer consumer, SchemaRegistry registry, RegistryTableHistory history, ITargetWriter writer, Checkpoint checkpoint, BadMessages bad,
        CancellationToken stopping)
    {
        _applied = checkpoint;
        _piecesOpen = false;
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
            Park = bad.Dead is null ? null : (message, e) => ParkAsync(bad.Dead, message, e.Message, stopping),
            // Not the stopping token, as for batches: a piece that started is written whole or rolled back with the rest.
            Pieces = new TransactionPieces(options.PieceBytes, options.MaxRecordsPerTransaction,
                (piece, applied) =>
                {
                    _piecesOpen = true;
                    return writer.WritePieceAsync(piece, applied, CancellationToken.None);
                }, writer.AbandonPiecesAsync),
        };
        await batcher.RunAsync(consumer.ReadAsync(stopping), checkpoint, async (batch, next) =>
        {
            try
            {
                await WriteAsync(writer, batch, next);
            }
            catch (Exception e) when (ApplyFailure.Classify(e) == ApplyFailureKind.BadMessage && !_piecesOpen)
            {
                await WriteEachAsync(writer, batch, bad, stopping);
            }
            _applied = next;
            _piecesOpen = false;
        }, stopping);
    }

    private async Task WriteAsync(ITargetWriter writer, IReadOnlyList<SourceTransaction> batch, Checkpoint next)
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
    }

    /// <summary>
    /// A batch the target refused for one bad source transaction: its transactions one at a time, each committed with
    /// its own checkpoint, until the bad one, which stops the stream at its offsets or is parked and gone past.
    /// </summary>
    private async Task WriteEachAsync(ITargetWriter writer, IReadOnlyList<SourceTransaction> batch, BadMessages bad, CancellationToken stopping)
    {
        foreach (var transaction in batch)
        {
            var from = _applied.Offset.Next;
            var after = _applied with
            {
                Offset = transaction.LastOffset,
                Position = transaction.LastPosition > _applied.Position ? transaction.LastPosition : _applied.Position,
            };
            try
            {
                await WriteAsync(writer, [transaction], after);
            }
            catch (Exception e) when (ApplyFailure.Classify(e) == ApplyFailureKind.BadMessage)
            {
                if (bad.Dead is null)
                    throw new ApplyException(
                        $"The source transaction at offsets {from}..{transaction.LastOffset} of stream {stream} cannot be applied: {e.Message} " +
                        $"Everything before offset {from} is applied. To skip this transaction instead, stop applier {options.Name} and run " +
                        $"`cdc offsets set --applier {options.Name} --stream {stream} --offset {transaction.LastOffset} --target <target>`.",
                        inner: e, badMessage: true, offset: transaction.LastOffset.Value);
                await ParkRangeAsync(bad, from, transaction.LastOffset, e.Message, stopping);
                await WriteAsync(writer, [transaction with { Records = [] }], after);
            }
            _applied = after;
        }
    }

    /// <summary>The messages of a source transaction the target refused, read again from the stream, parked one by one.</summary>
    private async Task ParkRangeAsync(BadMessages bad, StreamOffset from, StreamOffset to, string reason, CancellationToken ct)
    {
        await using var again = await StreamConsumer.StartAsync(bad.Connection, stream, from, options.Prefetch, ct);
        await foreach (var message in again.ReadAsync(ct))
        {
            if (message.Offset > to.Value)
                break;
            await ParkAsync(bad.Dead!, message, $"its source transaction (offsets {from}..{to}) cannot be applied: {reason}", ct);
            if (message.Offset == to.Value)
                break;
        }
    }

    private async Task ParkAsync(DeadLetterPublisher dead, StreamMessage message, string reason, CancellationToken ct)
    {
        await dead.ParkAsync(message, reason, ct);
        metrics.Parked(stream);
        LogParked(logger, options.Name, message.Offset, stream, dead.Stream, reason);
    }

    /// <summary>Where bad messages go under <see cref="BadMessagePolicy.Park"/> (none: they stop the stream), and the connection to read them again.</summary>
    private sealed record BadMessages(RabbitMQ.Client.IConnection Connection, DeadLetterPublisher? Dead);

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

    /// <summary>
    /// The stream halts: <c>cdc status</c> lists it from the target (best effort: the log and /readyz have it anyway). A
    /// passing failure is tried again a few times: several streams halting at once create <c>cdc_halts</c> together.
    /// </summary>
    private async Task RecordHaltAsync(ITargetWriter writer, Exception e)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await writer.RecordHaltAsync(_applied, (e as ApplyException)?.Offset, e.Message, CancellationToken.None);
                return;
            }
#pragma warning disable CA1031 // the halt is reported in the log and /readyz whatever happens here
            catch (Exception recording)
#pragma warning restore CA1031
            {
                if (attempt == 3 || ApplyFailure.Classify(recording) != ApplyFailureKind.Passing)
                {
                    LogHaltNotRecorded(logger, stream, recording.Message);
                    return;
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Stream}: could not record its halt in the target for cdc status ({Reason})")]
    private static partial void LogHaltNotRecorded(ILogger logger, string stream, string reason);

    /// <summary>The name this session reports its readiness under.</summary>
    public static string Session(string applier, string stream) => $"apply {applier} {stream}";

    private ApplyException Undecodable(StreamMessage message, Checkpoint checkpoint, Exception e)
    {
        if (e is ForbiddenRecordException)
            LogForbidden(logger, stream, message.Offset, message.PublishedBy ?? "(no user-id)", e.Message);
        var notParked = options.OnBadMessage == BadMessagePolicy.Park && ApplyFailure.IsBadMessage(e)
            ? " It was not parked: it came inside a source transaction, which would then apply without it."
            : "";
        return new ApplyException(
            $"The message at offset {message.Offset} of stream {stream} cannot be applied: {e.Message}. Nothing from that offset on was applied " +
            $"(applier {options.Name} stands at offset {checkpoint.Offset}).{notParked} Inspect it with `cdc tail --stream {stream} --from offset {message.Offset}`; " +
            $"to skip it, stop this applier and run `cdc offsets set --applier {options.Name} --stream {stream} --offset {message.Offset} --target <target>`.",
            inner: e, badMessage: ApplyFailure.IsBadMessage(e), offset: message.Offset);
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
        offset: checkpoint.Offset.Value)
    {
        ReadinessReason = $"stream {stream} has a hole: retention deleted offsets {checkpoint.Offset.Next} to {firstAvailable - 1} before they were applied (the log says how to recover)",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Applier {Applier} parked the message at offset {Offset} of stream {Stream} in {DeadStream} and goes on past it: {Reason}")]
    private static partial void LogParked(ILogger logger, string applier, long offset, string stream, string deadStream, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Forged or unauthorised message at offset {Offset} of stream {Stream} (published by broker user {Publisher}): {Reason}")]
    private static partial void LogForbidden(ILogger logger, string stream, long offset, string publisher, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applier {Applier} consumes {Stream} from offset {Offset} (last applied position {Position}) into {Target}")]
    private static partial void LogResuming(ILogger logger, string applier, string stream, long offset, string position, string target);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream {Stream}: could not read its tail offset for the lag metrics ({Reason}); trying again")]
    private static partial void LogTailProbeFailed(ILogger logger, string stream, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream {Stream}: applied {Records} records of {Transactions} transactions up to offset {Offset} (position {Position})")]
    private static partial void LogApplied(ILogger logger, string stream, int records, int transactions, long offset, string position);
}
