using Cdc.Model;

namespace Cdc.Capture.Snapshot;

/// <summary>Where a table's snapshot stands: persisted in the source's progress table after each confirmed chunk.</summary>
/// <param name="Table">The table.</param>
/// <param name="Ordinal">Its place in the snapshot order (foreign keys first).</param>
/// <param name="State">Requested (not started), running, or done.</param>
/// <param name="LastKey">The key of the last row of the last confirmed chunk; null before the first.</param>
/// <param name="RowsDone">Rows published so far.</param>
internal sealed record SnapshotProgress(TableId Table, int Ordinal, SnapshotState State, SnapshotKey? LastKey, long RowsDone);

/// <summary>The life of one table's snapshot.</summary>
internal enum SnapshotState
{
    Requested,
    Running,
    Done,
}
