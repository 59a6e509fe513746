using Cdc.Appliers.Assembly;
using Cdc.Model;
using Cdc.Positions;
using Cdc.Schemas.Registry;
using Cdc.Schemas.Wire;
using Cdc.Streams.Consuming;
using Cdc.Streams.Messages;
using Microsoft.Extensions.Logging;

namespace Cdc.Appliers.Pipeline;

/// <summary>
/// The apply loop, shared by the applier and <c>cdc replay</c>: consume a stream's messages in order, decode them,
/// assemble whole source transactions, and hand several at a time, with the checkpoint that covers them, to be written
/// in one target transaction. A batch closes at the record limit, or as soon as the next message is not there yet
/// (nothing waits to fill a batch), or when the messages end.
/// </summary>
public sealed class ApplyBatcher(string stream, SchemaRegistry registry, TimeSpan schemaPatience, int maxRecordsPerTransaction, ILogger logger)
{
    /// <summary>Whether records of a table are applied (default: all).</summary>
    public Func<TableId, bool> Includes { get; init; } = _ => true;

    /// <summary>Told of every message taken from the stream, before it is decoded.</summary>
    public Action<StreamMessage> Consumed { get; init; } = _ => { };

    /// <summary>Checks every decoded message before its records are assembled; what it throws counts as undecodable.</summary>
    public Action<StreamMessage, IReadOnlyList<ChangeRecord>> Decoded { get; init; } = (_, _) => { };

    /// <summary>Writes a transaction too large to hold whole in pieces into one target transaction (none: transactions are held whole).</summary>
    public TransactionPieces? Pieces { get; init; }

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
                var (transaction, undecodable) = await AssembleAsync(assembler, message, ct);
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

    /// <summary>The transaction the message completes, if any; or why it cannot be decoded (and was not parked).</summary>
    private async Task<(SourceTransaction? Transaction, Exception? Undecodable)> AssembleAsync(TransactionAssembler assembler, StreamMessage message, CancellationToken ct)
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
                return (null, e);
            await Park(message, e);
            return (new SourceTransaction([], new StreamOffset(message.Offset), assembler.LastApplied), null);
        }
        return (assembler.Add(message.Offset, headers, records), null);
    }
}
