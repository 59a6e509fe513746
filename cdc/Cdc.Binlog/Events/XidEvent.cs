namespace Cdc.Binlog;

/// <summary>Commit of a transaction on a transactional engine (InnoDB); ends the event group.</summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
/// <param name="Xid">The server's internal transaction id (not a GTID).</param>
public sealed record XidEvent(BinlogEventHeader Header, string FileName, ulong Xid) : BinlogEvent(Header, FileName);
