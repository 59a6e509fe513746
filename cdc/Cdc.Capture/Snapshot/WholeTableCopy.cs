using System.Runtime.CompilerServices;
using Cdc.Capture.Reading;
using Cdc.Model;
using Cdc.Positions;

namespace Cdc.Capture.Snapshot;

/// <summary>
/// A table without a primary key cannot be read in key chunks nor reconciled with streamed changes by key, so it is
/// copied whole from a consistent snapshot at a point X of the log, as PostgreSQL's table-synchronisation workers do:
/// a truncate record first (<c>source.snapshot = true</c>: the copy replaces the target's rows of that table), then
/// every row (<c>op = r</c>), in chunks, at positions just before X (<see cref="SnapshotOrigin.First"/>, .Next, ...).
/// The copy holds exactly the changes before X, and the log streams exactly those after X, so:
/// <list type="bullet">
/// <item>On a first start the consistent snapshot is the one the capturer's own position was created with.</item>
/// <item>While streaming (a resumed snapshot, <c>always</c>, <c>cdc snapshot</c>) it opens a snapshot of its own
/// (<see cref="ISnapshotSource.OpenSnapshotAsync"/>) and writes a watermark, whose commit comes after X, so the log
/// soon shows a change after X. The copy is published right before the first change the log shows after X: the
/// table's changes before it are replaced by the copy, those after it apply to the copy. Nothing is dropped or
/// buffered; the snapshot's transaction stays open until then.</item>
/// </list>
/// A capturer killed during a copy copies the table again on restart (a new truncate record, a new X): the applier's
/// offsets make each chunk it applied count once, and the next copy replaces them.
/// </summary>
internal sealed class WholeTableCopy(ISnapshotSource source, int chunkSize)
{
    private SnapshotOrigin? _pending;

    /// <summary>The snapshot opened while streaming, until the log reaches its point; null when there is none.</summary>
    public SnapshotOrigin? Pending => _pending;

    /// <summary>Opens a snapshot of its own for a copy while streaming; <paramref name="mark"/> is written right after it.</summary>
    public async Task OpenAsync(string mark, CancellationToken ct)
    {
        _pending = await source.OpenSnapshotAsync(ct);
        await source.WriteWatermarkAsync(mark, ct);
    }

    /// <summary>Whether the log shows the first change after the pending snapshot's point: the copy goes right before it.</summary>
    public bool Reached(CaptureEvent captured) =>
        _pending is { } pending && captured is ChangeCaptured { Record.Source.Position: var position } && position > pending.First;

    /// <summary>The pending snapshot, taken to be read now.</summary>
    public SnapshotOrigin Take()
    {
        var pending = _pending ?? throw new InvalidOperationException("No snapshot is pending.");
        _pending = null;
        return pending;
    }

    /// <summary>
    /// The table in the open snapshot: the truncate record and the first chunk's rows, then chunk after chunk, each
    /// one source transaction. <paramref name="info"/>'s position is the first record's; <see cref="Next"/> follows the last.
    /// </summary>
    public async IAsyncEnumerable<(IReadOnlyList<ChangeRecord> Records, IReadOnlyList<RowImage> Rows, SourcePosition First)> ReadAsync(
        SnapshotTable table, SourceInfo info, [EnumeratorCancellation] CancellationToken ct)
    {
        var position = info.Position;
        var records = new List<ChangeRecord> { new(Operation.Truncate, table.Definition, null, null, info) };
        position = position.Next;
        for (var read = 0L; ;)
        {
            var rows = await source.ReadWholeChunkAsync(table, read, chunkSize, ct);
            var first = position;
            foreach (var row in rows)
            {
                records.Add(new ChangeRecord(Operation.Read, table.Definition, null, row, info with { Position = position }));
                position = position.Next;
            }
            read += rows.Count;
            Next = position;
            yield return (records, rows, first);
            if (rows.Count < chunkSize)
                yield break;
            records = [];
        }
    }

    /// <summary>The position after the last record <see cref="ReadAsync"/> gave.</summary>
    public SourcePosition Next { get; private set; }
}
