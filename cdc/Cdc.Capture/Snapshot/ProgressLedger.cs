using Cdc.Capture.Reading;
using Cdc.Model;

namespace Cdc.Capture.Snapshot;

/// <summary>
/// Ties snapshot progress to the transactions that carry it, so that progress is persisted only once the broker
/// confirmed its chunk. The pipeline acknowledges a run of confirmed transactions with the last one only, so taking an
/// acknowledgement releases everything numbered up to it: the newest progress of each table and the newest change
/// log acknowledgement. Written by the reading side, taken by the acknowledging side: hence the lock.
/// </summary>
internal sealed class ProgressLedger
{
    private readonly Queue<(long Sequence, SourceAcknowledgement? Inner, SnapshotProgress? Progress)> _entries = new();
    private readonly Lock _lock = new();
    private long _next;

    public SnapshotAcknowledgement Record(SourceAcknowledgement? inner, SnapshotProgress? progress)
    {
        lock (_lock)
        {
            var sequence = _next++;
            _entries.Enqueue((sequence, inner, progress));
            return new SnapshotAcknowledgement(sequence, inner);
        }
    }

    /// <summary>Releases every entry up to <paramref name="acknowledgement"/>: the newest change log acknowledgement and the newest progress per table.</summary>
    public (SourceAcknowledgement? Inner, IReadOnlyCollection<SnapshotProgress> Progress) Take(SnapshotAcknowledgement acknowledgement)
    {
        SourceAcknowledgement? inner = null;
        var progress = new Dictionary<TableId, SnapshotProgress>();
        lock (_lock)
        {
            while (_entries.TryPeek(out var entry) && entry.Sequence <= acknowledgement.Sequence)
            {
                _entries.Dequeue();
                inner = entry.Inner ?? inner;
                if (entry.Progress is { } p)
                    progress[p.Table] = p;
            }
        }
        return (inner, progress.Values);
    }
}
