namespace Cdc.Binlog;

/// <summary>
/// MariaDB GTID event (162): opens an event group with its GTID; the server id of the GTID is the header's
/// (https://mariadb.com/kb/en/gtid_event/). A standalone group is one event; otherwise it ends with XID or COMMIT.
/// </summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
/// <param name="Gtid">The group's GTID.</param>
/// <param name="Flags">Flags (standalone, transactional, DDL, XA...).</param>
/// <param name="CommitId">Group commit id when <see cref="MariaDbGtidFlags.GroupCommitId"/> is set.</param>
public sealed record MariaDbGtidEvent(
    BinlogEventHeader Header,
    string FileName,
    MariaDbGtid Gtid,
    MariaDbGtidFlags Flags,
    ulong? CommitId) : BinlogEvent(Header, FileName)
{
    /// <summary>True when the group is a single statement event without BEGIN/COMMIT (DDL and the like).</summary>
    public bool IsStandalone => Flags.HasFlag(MariaDbGtidFlags.Standalone);
}
