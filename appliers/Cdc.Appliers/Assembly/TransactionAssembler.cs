using Cdc.Model;
using Cdc.Positions;
using Cdc.Streams.Messages;
using Microsoft.Extensions.Logging;

namespace Cdc.Appliers.Assembly;

/// <summary>
/// Groups a stream's messages into whole source transactions, in stream order, and drops what was applied before.
/// A capturer that crashed mid-transaction re-publishes the transaction from its first record, so a transaction that
/// starts again (or is followed by another before it ended) replaces the partial one, and records at or below the
/// last applied position are skipped: each change takes effect once.
/// </summary>
public sealed partial class TransactionAssembler(string stream, SourcePosition lastApplied, ILogger logger)
{
    private readonly List<ChangeRecord> _pending = [];
    private ChangeMessageHeaders? _open; // the last message of the transaction not yet ended
    private bool _pieceTaken; // records of the open transaction were taken as a piece

    public SourcePosition LastApplied { get; private set; } = lastApplied;

    /// <summary>Whether a transaction has begun and not ended (its messages so far were added).</summary>
    public bool Open => _open is not null;

    /// <summary>Records of the open transaction held now (those not yet taken as a piece).</summary>
    public int PendingCount => _pending.Count;

    /// <summary>How many partial transactions were dropped for a complete copy so far (pieces already written of one must be undone).</summary>
    public int Restarts { get; private set; }

    /// <summary>
    /// Takes the records of the open transaction held so far (a piece of a transaction too large to hold whole); the
    /// transaction's later records and its end come on through <see cref="Add"/>.
    /// </summary>
    public IReadOnlyList<ChangeRecord> TakePiece()
    {
        var piece = _pending.ToArray();
        _pending.Clear();
        _pieceTaken = true;
        return piece;
    }

    /// <summary>Adds one message; returns the transaction it completes, if any.</summary>
    public SourceTransaction? Add(long offset, ChangeMessageHeaders headers, IReadOnlyList<ChangeRecord> records)
    {
        if (_open is not null && !Continues(_open, headers))
        {
            LogPartialDropped(logger, stream, _open.TransactionId, _open.Last.ToString(), offset);
            _pending.Clear();
            _pieceTaken = false;
            Restarts++;
        }
        // Snapshot chunks of one consistent snapshot share a log offset, each a transaction of its own: not a missing start.
        if (_pending.Count == 0 && !_pieceTaken && headers.First.Index > 0 && headers.First > LastApplied && headers.Ops != "r")
            LogMissingStart(logger, stream, headers.TransactionId, headers.First.ToString(), offset);
        _open = headers;
        foreach (var record in records)
            if (record.Source.Position > LastApplied)
                _pending.Add(record);
        if (!headers.EndOfTransaction)
            return null;
        var complete = new SourceTransaction(_pending.ToArray(), new StreamOffset(offset), headers.Last);
        if (headers.Last > LastApplied)
            LastApplied = headers.Last;
        _pending.Clear();
        _pieceTaken = false;
        _open = null;
        return complete;
    }

    /// <summary>
    /// Whether <paramref name="next"/> carries on the open transaction after its last record (indexes may skip the
    /// records of tables that are not captured; a repeated index means the transaction is being sent again).
    /// </summary>
    private static bool Continues(ChangeMessageHeaders open, ChangeMessageHeaders next) =>
        next.First.SameTransaction(open.Last) && next.First > open.Last;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Stream}: transaction {Transaction}, read up to {Position}, ended without its last message and was re-sent or replaced at offset {Offset}; its partial records are dropped, the complete copy applies")]
    private static partial void LogPartialDropped(ILogger logger, string stream, string transaction, string position, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Stream}: transaction {Transaction} begins before offset {Offset} (first record here is {Position}); only the records from here on apply. Replay from an earlier offset to apply it whole.")]
    private static partial void LogMissingStart(ILogger logger, string stream, string transaction, string position, long offset);
}
