namespace Cdc.Binlog;

/// <summary>
/// Common part of the row events, v1 (MariaDB, types 23-25) and v2 (MySQL 5.6+, types 30-32)
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Rows__event.html).
/// Values are decoded with the <see cref="Table"/> map that preceded the event; see <see cref="RowImage"/> for
/// the value model.
/// </summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
/// <param name="Table">The table map the rows belong to.</param>
/// <param name="Flags">Row event flags; bit 0 (STMT_END_F) marks the statement's last row event.</param>
public abstract record RowsEvent(BinlogEventHeader Header, string FileName, TableMapEvent Table, ushort Flags)
    : BinlogEvent(Header, FileName)
{
    /// <summary>True on the last row event of a statement.</summary>
    public bool IsEndOfStatement => (Flags & 1) != 0;
}
