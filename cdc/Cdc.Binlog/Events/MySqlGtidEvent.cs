namespace Cdc.Binlog;

/// <summary>
/// MySQL GTID (33) or ANONYMOUS_GTID (34) event: opens the next transaction
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Gtid__event.html).
/// Fields after the GTID are read when the server wrote them (MySQL 5.7/8.0 add them over time).
/// </summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
/// <param name="Gtid">The transaction's GTID; null for an anonymous transaction (gtid_mode=OFF).</param>
/// <param name="Flags">GTID flags; bit 0 set when the transaction may commit in parallel with others.</param>
/// <param name="LastCommitted">Logical clock: the transaction this one depends on, or null when absent.</param>
/// <param name="SequenceNumber">Logical clock: this transaction's number, or null when absent.</param>
/// <param name="ImmediateCommitTime">Commit time on this server (microsecond precision), or null when absent.</param>
/// <param name="OriginalCommitTime">Commit time on the original source, or null when absent.</param>
/// <param name="TransactionLength">Bytes of the whole transaction in the binlog, or null when absent.</param>
public sealed record MySqlGtidEvent(
    BinlogEventHeader Header,
    string FileName,
    MySqlGtid? Gtid,
    byte Flags,
    long? LastCommitted,
    long? SequenceNumber,
    DateTimeOffset? ImmediateCommitTime,
    DateTimeOffset? OriginalCommitTime,
    long? TransactionLength) : BinlogEvent(Header, FileName)
{
    /// <summary>True for ANONYMOUS_GTID: the transaction has no GTID.</summary>
    public bool IsAnonymous => Gtid is null;
}
