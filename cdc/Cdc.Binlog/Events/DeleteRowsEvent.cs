namespace Cdc.Binlog;

/// <summary>Deleted rows (DELETE_ROWS v1 25, v2 32).</summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
/// <param name="Table">The table map the rows belong to.</param>
/// <param name="Flags">Row event flags.</param>
/// <param name="Rows">The rows as they were before deletion.</param>
public sealed record DeleteRowsEvent(BinlogEventHeader Header, string FileName, TableMapEvent Table, ushort Flags, IReadOnlyList<RowImage> Rows)
    : RowsEvent(Header, FileName, Table, Flags);
