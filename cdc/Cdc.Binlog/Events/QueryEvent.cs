namespace Cdc.Binlog;

/// <summary>
/// A statement: <c>BEGIN</c> opens a row transaction, <c>COMMIT</c> closes one on a non-transactional engine,
/// anything else is DDL or statement-based DML
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Query__event.html).
/// </summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
/// <param name="ThreadId">Connection id of the session that ran the statement.</param>
/// <param name="ExecutionSeconds">How long the statement ran.</param>
/// <param name="ErrorCode">Error the statement ended with on the source (0 normally).</param>
/// <param name="Database">The session's default database when the statement ran (may be empty).</param>
/// <param name="Sql">The statement text.</param>
public sealed record QueryEvent(
    BinlogEventHeader Header,
    string FileName,
    uint ThreadId,
    uint ExecutionSeconds,
    ushort ErrorCode,
    string Database,
    string Sql) : BinlogEvent(Header, FileName)
{
    /// <summary>True for the <c>BEGIN</c> that opens a transaction.</summary>
    public bool IsBegin => Sql.Equals("BEGIN", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a <c>COMMIT</c> statement event (transactions on non-XA engines end with it).</summary>
    public bool IsCommit => Sql.Equals("COMMIT", StringComparison.OrdinalIgnoreCase);
}
