using Cdc.Connections;
using Cdc.Model;

namespace Cdc.Capture.Snapshot;

/// <summary>
/// What differs per engine in a snapshot: the catalog, the keyset chunk query, the consistent-snapshot start, the
/// watermark writes and the progress table. <see cref="SnapshottingReader"/> does the rest (order, chunking,
/// positions, reconciliation with the stream, progress) the same way for every engine.
/// </summary>
internal interface ISnapshotSource : IAsyncDisposable
{
    /// <summary>The engine, for a record's source block.</summary>
    DatabaseEngine Engine { get; }

    /// <summary>The source database, for a record's source block.</summary>
    string Database { get; }

    /// <summary>The schema of a table named without one (<c>public</c>; on MySQL the database).</summary>
    string DefaultSchema { get; }

    /// <summary>The source table that holds snapshot progress, requests and watermarks (its changes are read, never published).</summary>
    TableId ProgressTable { get; }

    /// <summary>Connects, creates the progress table when missing, and makes sure its changes reach the change log reader.</summary>
    Task PrepareAsync(CancellationToken ct);

    /// <summary>Whether the source already holds a log position for this capturer (PostgreSQL: the slot exists).</summary>
    Task<bool> HasStoredPositionAsync(CancellationToken ct);

    /// <summary>The captured tables (all of them, or those named), with definitions, estimates and foreign keys.</summary>
    Task<IReadOnlyList<SnapshotTable>> DescribeAsync(IReadOnlyCollection<TableId>? only, CancellationToken ct);

    /// <summary>This office's rows of the progress table (not the watermark row).</summary>
    Task<IReadOnlyList<SnapshotProgress>> LoadProgressAsync(CancellationToken ct);

    /// <summary>Writes one table's progress (insert or replace).</summary>
    Task SaveProgressAsync(SnapshotProgress progress, CancellationToken ct);

    /// <summary>
    /// Asks the running capturer to snapshot these tables again (<c>cdc snapshot</c>): marks them requested in the
    /// progress table, whose change the capturer reads in the log, in order with the other changes. Needs no
    /// <see cref="PrepareAsync"/>; creates the progress table when missing.
    /// </summary>
    Task RequestAsync(IReadOnlyList<TableId> tables, CancellationToken ct);

    /// <summary>
    /// Creates the capturer's log position together with a consistent snapshot of the data at exactly that position,
    /// and opens it for <see cref="ReadChunkAsync"/> until <see cref="CloseSnapshotAsync"/>.
    /// </summary>
    Task<SnapshotOrigin> CreatePositionWithSnapshotAsync(CancellationToken ct);

    /// <summary>
    /// Opens a consistent snapshot of the current data and its point in the log, leaving the capturer's own position
    /// where it is (PostgreSQL: a temporary slot's exported snapshot, as table-synchronisation workers take;
    /// MySQL/MariaDB: a consistent read and its binlog position). Every change the log shows after
    /// <see cref="SnapshotOrigin.First"/> is invisible to it, every one before is in it. Read with
    /// <see cref="ReadWholeChunkAsync"/> until <see cref="CloseSnapshotAsync"/>.
    /// </summary>
    Task<SnapshotOrigin> OpenSnapshotAsync(CancellationToken ct);

    /// <summary>Ends the consistent snapshot; later chunks read the current data.</summary>
    Task CloseSnapshotAsync(CancellationToken ct);

    /// <summary>Up to <paramref name="limit"/> rows after <paramref name="after"/> in key order, from the open snapshot or the current data.</summary>
    Task<IReadOnlyList<RowImage>> ReadChunkAsync(SnapshotTable table, SnapshotKey? after, int limit, CancellationToken ct);

    /// <summary>
    /// The next rows of a table read whole (one without a primary key) in the open consistent snapshot: up to
    /// <paramref name="limit"/> rows after the first <paramref name="skip"/> of one scan, memory bounded by the limit.
    /// </summary>
    Task<IReadOnlyList<RowImage>> ReadWholeChunkAsync(SnapshotTable table, long skip, int limit, CancellationToken ct);

    /// <summary>Writes <paramref name="mark"/> into this office's watermark row in its own committed transaction.</summary>
    Task WriteWatermarkAsync(string mark, CancellationToken ct);
}
