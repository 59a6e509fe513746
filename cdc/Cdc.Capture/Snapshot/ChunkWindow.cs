using Cdc.Model;

namespace Cdc.Capture.Snapshot;

/// <summary>
/// One chunk read while streaming, between a low and a high watermark (DBLog, https://arxiv.org/abs/2010.12597).
/// The chunk was selected after the low watermark committed and before the high one did. Every row changed by a
/// transaction that the change log shows between the two watermarks (counted from the window's creation, see
/// <see cref="Observe"/>) is dropped from the chunk: the log itself carries that row's newer state, at its own
/// position. What remains is unchanged between the watermarks, so its selected value is the row's value at the high
/// watermark, and it is published at the high watermark's position.
/// </summary>
internal sealed class ChunkWindow(SnapshotTable table, SnapshotProgress progress, IReadOnlyList<RowImage> rows, string low, string high)
{
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private bool _truncated;

    public SnapshotTable Table { get; } = table;

    /// <summary>The table's progress before this chunk.</summary>
    public SnapshotProgress Progress { get; } = progress;

    /// <summary>Every row the chunk query returned, before reconciliation: the next chunk starts after the last of them.</summary>
    public IReadOnlyList<RowImage> Selected { get; } = rows;

    public string Low { get; } = low;

    public string High { get; } = high;

    public bool IsOpen { get; private set; }

    /// <summary>The high watermark's own record, once the log reached it: its position is the chunk's.</summary>
    public SourceInfo? HighSource { get; private set; }

    /// <summary>Takes a watermark seen in the log; false when it is not one of this window's.</summary>
    public bool Mark(string watermark, SourceInfo source)
    {
        if (watermark == Low)
            IsOpen = true;
        else if (watermark == High && IsOpen)
        {
            IsOpen = false;
            HighSource = source;
        }
        else
            return false;
        return true;
    }

    /// <summary>
    /// A change the log shows after this window was created (before its low watermark was written) and before its high
    /// watermark: a row of the chunk it touches leaves the chunk. From creation, not only from the low watermark:
    /// PostgreSQL makes a commit visible a moment after writing its commit record (longer on a loaded machine, with group
    /// commit), so a transaction whose commit precedes the low watermark in the log can still be invisible to the chunk
    /// query; counting it drops the row, whose newer state the log carries at its own position.
    /// </summary>
    public void Observe(ChangeRecord change)
    {
        if (HighSource is not null || change.Table.Id != Table.Id)
            return;
        if (change.Op == Operation.Truncate)
            _truncated = true;
        foreach (var image in new[] { change.Before, change.After })
            if (image is not null && change.Table.KeyIndexes.All(image.IsAvailable) && change.Table.HasKey)
                _changed.Add(SnapshotKey.Of(change.Table, image).Identity);
    }

    /// <summary>The rows to publish at the high watermark.</summary>
    public IEnumerable<RowImage> Remaining =>
        _truncated ? [] : Selected.Where(row => !_changed.Contains(SnapshotKey.Of(Table.Definition, row).Identity));
}
