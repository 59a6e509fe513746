namespace Cdc.Binlog;

/// <summary>Inserted rows (WRITE_ROWS v1 23, v2 30).</summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
/// <param name="Table">The table map the rows belong to.</param>
/// <param name="Flags">Row event flags.</param>
/// <param name="Rows">The inserted rows.</param>
public sealed record WriteRowsEvent(BinlogEventHeader Header, string FileName, TableMapEvent Table, ushort Flags, IReadOnlyList<RowImage> Rows)
    : RowsEvent(Header, FileName, Table, Flags);
