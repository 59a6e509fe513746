using Cdc.Connections;
using Cdc.Positions;

namespace Cdc.Model;

/// <summary>Where a change came from: stamped into every record's <c>source</c> block.</summary>
/// <param name="Office">The office whose capturer read it.</param>
/// <param name="Engine">The source's engine (named <c>postgres</c> or <c>mysql</c> in a record, see <see cref="DatabaseEngineNames"/>).</param>
/// <param name="Database">The source database.</param>
/// <param name="Position">The record's own, unique, totally ordered position in the source log.</param>
/// <param name="NativePosition">The same point in the engine's own words (an LSN, a binlog file and offset, a GTID).</param>
/// <param name="TransactionId">The source transaction (PostgreSQL xid, MySQL GTID or binlog position of its start).</param>
/// <param name="CommitTime">When the source transaction committed.</param>
/// <param name="Snapshot">Read by an initial snapshot, not from the log.</param>
public sealed record SourceInfo(
    string Office,
    DatabaseEngine Engine,
    string Database,
    SourcePosition Position,
    string NativePosition,
    string TransactionId,
    DateTimeOffset CommitTime,
    bool Snapshot = false);
