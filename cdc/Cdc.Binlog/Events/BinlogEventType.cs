namespace Cdc.Binlog;

/// <summary>
/// Binlog event type codes (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html,
/// https://mariadb.com/kb/en/replication-protocol/). Codes without a member arrive as <see cref="UnknownEvent"/>.
/// </summary>
public enum BinlogEventType : byte
{
    /// <summary>Never written; placeholder.</summary>
    Unknown = 0,
    /// <summary>A statement: BEGIN, COMMIT (non-transactional engines), DDL.</summary>
    Query = 2,
    /// <summary>Server stopped.</summary>
    Stop = 3,
    /// <summary>The log continues in another file.</summary>
    Rotate = 4,
    /// <summary>Auto-increment/insert-id value of a statement.</summary>
    IntVar = 5,
    /// <summary>Random seed of a statement.</summary>
    Rand = 13,
    /// <summary>User variable of a statement.</summary>
    UserVar = 14,
    /// <summary>Describes the format of the file; first event of each file.</summary>
    FormatDescription = 15,
    /// <summary>Commit of an XA-capable (InnoDB) transaction.</summary>
    Xid = 16,
    /// <summary>Maps a table id to a table and its column types for the row events that follow.</summary>
    TableMap = 19,
    /// <summary>Inserted rows, version 1 (MariaDB, MySQL 5.5).</summary>
    WriteRowsV1 = 23,
    /// <summary>Updated rows, version 1.</summary>
    UpdateRowsV1 = 24,
    /// <summary>Deleted rows, version 1.</summary>
    DeleteRowsV1 = 25,
    /// <summary>An incident (e.g. lost events) on the source.</summary>
    Incident = 26,
    /// <summary>Sent by an idle source to show it is alive; not stored in the binlog.</summary>
    Heartbeat = 27,
    /// <summary>MySQL: the statement text of the following row events (binlog_rows_query_log_events).</summary>
    RowsQuery = 29,
    /// <summary>Inserted rows, version 2 (MySQL 5.6+).</summary>
    WriteRowsV2 = 30,
    /// <summary>Updated rows, version 2.</summary>
    UpdateRowsV2 = 31,
    /// <summary>Deleted rows, version 2.</summary>
    DeleteRowsV2 = 32,
    /// <summary>MySQL GTID of the next transaction.</summary>
    Gtid = 33,
    /// <summary>MySQL: a transaction without GTID (gtid_mode=OFF).</summary>
    AnonymousGtid = 34,
    /// <summary>MySQL: GTIDs of all previous files.</summary>
    PreviousGtids = 35,
    /// <summary>MySQL 8: partial JSON update rows.</summary>
    PartialUpdateRows = 39,
    /// <summary>MySQL 8.0.20+: a compressed transaction (binlog_transaction_compression=ON).</summary>
    TransactionPayload = 40,
    /// <summary>MySQL 8.0.26+ heartbeat with a 64-bit position.</summary>
    HeartbeatV2 = 41,
    /// <summary>MariaDB: the statement text of the following row events.</summary>
    AnnotateRows = 160,
    /// <summary>MariaDB: the oldest binlog file still needed for crash recovery.</summary>
    BinlogCheckpoint = 161,
    /// <summary>MariaDB GTID of the next event group.</summary>
    MariaDbGtid = 162,
    /// <summary>MariaDB: the GTID state at the start of a file.</summary>
    GtidList = 163,
    /// <summary>MariaDB: the rest of the file is encrypted.</summary>
    StartEncryption = 164,
}
