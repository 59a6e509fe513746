using Cdc.Positions;

namespace Cdc.Capture.Snapshot;

/// <summary>
/// A consistent snapshot opened together with a new log position: the rows read in it are published at
/// <see cref="First"/>, <see cref="First"/>.Next, ..., positions that sort before every change streamed after it.
/// </summary>
/// <param name="First">The position of the first snapshot record.</param>
/// <param name="NativePosition">The consistent point in the engine's own words (an LSN).</param>
internal sealed record SnapshotOrigin(SourcePosition First, string NativePosition);
