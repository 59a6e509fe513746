namespace Cdc.Capture.Snapshot;

/// <summary>When a capturer reads the existing rows of its tables (<c>Capture:SnapshotMode</c>).</summary>
public enum SnapshotMode
{
    /// <summary>Snapshot when the source has no stored position for this capturer yet, then stream.</summary>
    Initial,
    /// <summary>Stream only; on-demand snapshots (<c>cdc snapshot</c>) still run.</summary>
    Never,
    /// <summary>Snapshot every table at every start, then stream.</summary>
    Always,
    /// <summary>Like <see cref="Initial"/>, but stop once the snapshot is complete instead of streaming on.</summary>
    InitialOnly,
}

/// <summary>The configuration spellings of <see cref="SnapshotMode"/>.</summary>
public static class SnapshotModes
{
    public static SnapshotMode Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "" or "initial" => SnapshotMode.Initial,
        "never" => SnapshotMode.Never,
        "always" => SnapshotMode.Always,
        "initial_only" => SnapshotMode.InitialOnly,
        _ => throw new ArgumentException($"Snapshot mode '{text}' is unknown: use initial, never, always or initial_only (--snapshot-mode)."),
    };
}
