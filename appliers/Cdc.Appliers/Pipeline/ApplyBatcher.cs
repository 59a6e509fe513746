using Cdc.Appliers.Assembly;
using Cdc.Model;
using Cdc.Positions;
using Cdc.Schemas.Registry;
using Cdc.Schemas.Wire;
using Cdc.Streams.Consuming;
using Cdc.Streams.Continuity;
using Cdc.Streams.Messages;
using Microsoft.Extensions.Logging;

namespace Cdc.Appliers.Pipeline;

/// <summary>
/// The apply loop, shared by the applier and <c>cdc replay</c>: consume a stream's messages in order, decode them,
/// assemble whole source transactions, and hand several at a time, with the checkpoint that covers them, to be written
/// in one target transaction. A batch closes at the record limit, or as soon as the next message is not there yet
/// (nothing waits to fill a batch), or when the messages end. Only messages that follow what was applied are assembled
/// (<see cref="StreamContinuity"/>): one that overtook a refused message is ignored until the refused one comes again,
/// and one beyond a hole the stream's retention made stops the loop.
/// </summary>
public sealed partial class ApplyBatcher(string stream, SchemaRegistry registry, TimeSpan schemaPatience, int maxRecordsPerTransaction, ILogger logger)
{
    private long _ignored; // messages ignored since the last one taken
    /// <summary>Whether records of a table are applied (default: all).</summary>
    public Func<TableId, bool> Includes { get; init; } = _ => true;

    /// <summary>Told of every message taken from the stream, before it is decoded.</summary>
    public Action<StreamMessage> Consumed { get; init; } = _ => { };

    /// <summary>Checks every decoded message before its records are assembled; what it throws counts as undecodable.</summary>
    public Action<StreamMessage, IReadOnlyList<ChangeRecord>> Decoded { get; init; } = (_, _) => { };

    /// <summary>Writes a transaction too large to hold whole in pieces into one target transaction (none: transactions are held whole).</summary>
    public TransactionPieces? Pieces { get; init; }

    /// <summary>
    /// Accept the first message whatever it links to: the messages start where an operator chose (<c>cdc replay</c>), not
    /// after the checkpoint.
    /// </summary>
    public bool AcceptsFirstMessage { get; init; }

    /// <summary>Told of every message ignored because it overtook an earlier one that the stream does not hold yet.</summary>
    public Action<StreamMessage> Overtaken { get; init; } = _ => { };

    /// <summary>
    /// The exception that stops the loop at a message beyond a hole: the message, the checkpoint written last, and the
    /// first offset delivered after the skipped ones.
    /// </summary>
    public Func<StreamMessage, Checkpoint, long, Exception> Hole { get; init; } = (message, checkpoint, first) => new InvalidDataException(
        $"Stream {message.Stream}: offsets {checkpoint.Offset.Next} to {first - 1} are gone, and the message at offset {message.Offset} does not follow position {checkpoint.Position}.");

    /// <summary>The exception that stops the loop at a message that cannot be decoded, given the checkpoint written last.</summary>
    public Func<StreamMessage, Checkpoint, Exception, Exception> Undecodable { get; init; } = (_, _, e) => e;

    /// <summary>
    /// Sets aside a message that cannot be decoded and returns once it is kept elsewhere; the loop then goes on past it
    /// and its offset is stored with the next batch (none: such a message stops the loop). Only between source
    /// transactions: inside one, going past a message would apply the transaction without it.
    /// </summary>
    public Func<StreamMessage, Exception, Task>? Park { get; init; }

    /// <summary>
    /// Applies the messages from <paramref name="checkpoint"/> on (records at or below its position are skipped) until
    /// they end; <paramref name="write"/> gets each batch with the checkpoint after it. Returns the last checkpoint.
    /// </summary>
    public async Task<Checkpoint> RunAsync(
        IAsyncEnumerable<StreamMessage> messages, Checkpoint checkpoint, Func<IReadOnlyList<SourceTransaction>, Checkpoint, Task> write, CancellationToken ct)
    {
        var assembler = new TransactionAssembler(stream, checkpoint.Position, logger);
        var continuity = new StreamContinuity(checkpoint.Position, checkpoint.Offset.Next, AcceptsFirstMessage);
        var batch = new List<SourceTransaction>();
        var records = 0;
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = messages.GetAsyncEnumerator(abandon.Token);
        var next = reading.MoveNextAsync();
        var awaited = false;
        try
        {
            while (true)
            {
                // The next read runs while a batch is written: its messages keep arriving meanwhile.
                if (batch.Count > 0 && (records >= maxRecordsPerTransaction || !next.IsCompleted))
                {
                    checkpoint = checkpoint with { Offset = batch[^1].LastOffset, Position = assembler.LastApplied };
                    await write(batch.ToArray(), checkpoint);
                    batch.Clear();
                    records = 0;
                }
                awaited = true;
                if (!await next)
                    break;
                var message = reading.Current;
                Consumed(message);
                var (taken, transaction, undecodable) = await AssembleAsync(assembler, continuity, message, checkpoint, ct);
                if (undecodable is not null)
                {
                    // What came before it is applied first: the stream then stands right before it, where skipping it skips nothing else.
                    if (batch.Count > 0)
                    {
                        checkpoint = checkpoint with { Offset = batch[^1].LastOffset, Position = assembler.LastApplied };
                        await write(batch.ToArray(), checkpoint);
                    }
                    throw Undecodable(message, checkpoint, undecodable);
                }
                if (!taken)
                {
                    next = reading.MoveNextAsync();
                    awaited = false;
                    continue;
                }
                if (Pieces is not null)
                    await Pieces.CheckRestartAsync(assembler);
                if (transaction is not null)
                {
                    var kept = transaction with { Records = transaction.Records.Where(r => Includes(r.Table.Id)).ToArray() };
                    batch.Add(kept);
                    records += kept.Records.Count;
                    Pieces?.Ended();
                }
                else if (Pieces?.Due(assembler, message) == true)
                {
                    // Too large to hold whole: what came before it commits first, then its piece joins the target transaction left open.
                    if (batch.Count > 0)
                    {
                        checkpoint = checkpoint with { Offset = batch[^1].LastOffset, Position = assembler.LastApplied };
                        await write(batch.ToArray(), checkpoint);
                        batch.Clear();
                        records = 0;
                    }
                    await Pieces.WriteAsync(assembler, Includes, message, checkpoint);
                }
                next = reading.MoveNextAsync();
                awaited = false;
            }
            if (batch.Count > 0)
            {
                checkpoint = checkpoint with { Offset = batch[^1].LastOffset, Position = assembler.LastApplied };
                await write(batch.ToArray(), checkpoint);
            }
            return checkpoint;
        }
        finally
        {
            if (!awaited)
                await AbandonAsync(next, abandon);
            await reading.DisposeAsync();
        }
    }

    /// <summary>A read still running when a write failed: cancelled and let finish, so that the reader can be disposed.</summary>
    private static async Task AbandonAsync(ValueTask<bool> next, CancellationTokenSource abandon)
    {
        await abandon.CancelAsync();
        try
        {
            await next;
        }
#pragma warning disable CA1031 // whatever ends the abandoned read, the write's failure is the one reported
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }

    /// <summary>
    /// Whether the message was taken (not ignored for having overtaken an earlier one), and the transaction it completes,
    /// if any; or why it cannot be decoded (and was not parked).
    /// </summary>
    private async Task<(bool Taken, SourceTransaction? Completed, Exception? Undecodable)> AssembleAsync(
        TransactionAssembler assembler, StreamContinuity continuity, StreamMessage message, Checkpoint checkpoint, CancellationToken ct)
    {
        ChangeMessageHeaders headers;
        List<ChangeRecord> records;
        try
        {
            (headers, records) = await ChangeMessageDecoder.DecodeAsync(message, registry, schemaPatience, ct);
            Decoded(message, records);
        }
        catch (Exception e) when (ChangeMessageDecoder.IsUndecodable(e))
        {
            if (Park is null || assembler.Open || !ApplyFailure.IsBadMessage(e))
                return (true, null, e);
            await Park(message, e);
            continuity.SetAside(message.Offset, ParkedHeaders(message));
            return (true, new SourceTransaction([], new StreamOffset(message.Offset), assembler.LastApplied), null);
        }
        switch (continuity.Judge(message.Offset, headers))
        {
            case Link.Overtaking:
                if (_ignored++ == 0)
                    LogOvertaking(logger, stream, message.Offset, headers.First.ToString(), $"{headers.Previous}", continuity.Accepted.ToString());
                Overtaken(message);
                return (false, null, null);
            case Link.Hole:
                throw Hole(message, checkpoint, continuity.SkippedTo!.Value);
            case Link.Follows when _ignored > 0:
                LogCaughtUp(logger, stream, _ignored, message.Offset, headers.First.ToString());
                _ignored = 0;
                break;
        }
        return (true, assembler.Add(message.Offset, headers, records), null);
    }

    private static ChangeMessageHeaders? ParkedHeaders(StreamMessage message)
    {
        try
        {
            return ChangeMessageHeaders.FromAmqp(message.Headers);
        }
        catch (ForeignMessageException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Stream}: the message at offset {Offset} (first position {Position}) follows position {Previous}, which was not applied (applied up to {Applied}): it overtook a message the broker refused, whose copy comes later. Ignoring messages until it does.")]
    private static partial void LogOvertaking(ILogger logger, string stream, long offset, string position, string previous, string applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Stream}: {Ignored} messages that overtook a refused one were ignored; the refused one's copy arrived at offset {Offset} (first position {Position}) and applying goes on from it")]
    private static partial void LogCaughtUp(ILogger logger, string stream, long ignored, long offset, string position);
}
