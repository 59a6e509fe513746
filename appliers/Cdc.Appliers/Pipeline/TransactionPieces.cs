using Cdc.Appliers.Assembly;
using Cdc.Model;
using Cdc.Positions;
using Cdc.Streams.Consuming;

namespace Cdc.Appliers.Pipeline;

/// <summary>
/// Cuts a source transaction too large to hold whole into pieces, for <see cref="ApplyBatcher"/>: once the open
/// transaction's messages held reach <paramref name="maxBytes"/> (their encoded size) or its records held reach
/// <paramref name="maxRecords"/>, what is held goes to <paramref name="write"/> as a piece, written into a target
/// transaction that stays open; the transaction's end is applied into that same target transaction with the checkpoint
/// and commits it, so a reader of the target sees all of the source transaction or none of it, and a crash in between
/// rolls the pieces back (the checkpoint did not move: the restart reads the transaction again from its start). A
/// partial transaction the assembler drops for a complete copy has its pieces rolled back (<paramref name="abandon"/>).
/// </summary>
public sealed class TransactionPieces(long maxBytes, int maxRecords, Func<SourceTransaction, Checkpoint, Task> write, Func<Task> abandon)
{
    private long _bytes;
    private int _restarts;

    /// <summary>Whether pieces of the open transaction were written (its end commits them).</summary>
    public bool Streaming { get; private set; }

    /// <summary>Pieces written so far (all transactions).</summary>
    public long Written { get; private set; }

    /// <summary>After a message that did not end its transaction: whether what the assembler holds of it is to be written now.</summary>
    public bool Due(TransactionAssembler assembler, StreamMessage message)
    {
        _bytes += message.Body.Length;
        return assembler.PendingCount > 0 && (_bytes >= maxBytes || assembler.PendingCount >= maxRecords);
    }

    /// <summary>Writes what the assembler holds of the open transaction as a piece (the batch before it must be written first).</summary>
    public async Task WriteAsync(TransactionAssembler assembler, Func<TableId, bool> includes, StreamMessage message, Checkpoint applied)
    {
        var records = assembler.TakePiece().Where(r => includes(r.Table.Id)).ToArray();
        _bytes = 0;
        if (records.Length == 0)
            return;
        await write(new SourceTransaction(records, new StreamOffset(message.Offset), records[^1].Source.Position), applied);
        Streaming = true;
        Written++;
    }

    /// <summary>After each message: when the assembler dropped a partial transaction, its pieces written are rolled back.</summary>
    public async Task CheckRestartAsync(TransactionAssembler assembler)
    {
        if (assembler.Restarts == _restarts)
            return;
        _restarts = assembler.Restarts;
        _bytes = 0;
        if (!Streaming)
            return;
        Streaming = false;
        await abandon();
    }

    /// <summary>The open transaction ended (its pieces, if any, commit with the batch that holds its end).</summary>
    public void Ended()
    {
        _bytes = 0;
        Streaming = false;
    }
}
