namespace Cdc.Binlog;

/// <summary>MariaDB GTID_LIST (163): the last GTID of each domain/server before this file began (https://mariadb.com/kb/en/gtid_list_event/).</summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
/// <param name="Gtids">The GTIDs, as the server listed them.</param>
public sealed record GtidListEvent(BinlogEventHeader Header, string FileName, IReadOnlyList<MariaDbGtid> Gtids)
    : BinlogEvent(Header, FileName);
