using Cdc.Model;

namespace Cdc.Capture.Reading;

/// <summary>
/// One source transaction as a log reader walks it: every record gets the transaction's source block, at the
/// transaction's log point with the next index (0, 1, 2, ...), so positions are unique and ordered within it. Shared
/// by the PostgreSQL and MySQL readers; what differs is only the block the engine begins it with.
/// </summary>
internal sealed class TransactionCursor(SourceInfo transaction)
{
    private long _next;

    /// <summary>The transaction's source block (its position's index is that of its first record).</summary>
    public SourceInfo Source => transaction;

    public ChangeCaptured Change(Operation op, TableDefinition table, RowImage? before, RowImage? after) =>
        new(new ChangeRecord(op, table, before, after, transaction with { Position = transaction.Position with { Index = _next++ } }));
}
