namespace Cdc.Binlog;

/// <summary>Updated rows (UPDATE_ROWS v1 24, v2 31): before and after images of each row.</summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
/// <param name="Table">The table map the rows belong to.</param>
/// <param name="Flags">Row event flags.</param>
/// <param name="Rows">The updated rows.</param>
public sealed record UpdateRowsEvent(BinlogEventHeader Header, string FileName, TableMapEvent Table, ushort Flags, IReadOnlyList<RowChange> Rows)
    : RowsEvent(Header, FileName, Table, Flags);
