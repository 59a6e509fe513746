using Cdc.Capture.Reading;

namespace Cdc.Capture.Snapshot;

/// <summary>
/// The acknowledgement a <see cref="SnapshottingReader"/> hands out for every transaction it yields, numbered in
/// yield order; it wraps the change log's own (none for a chunk of the consistent snapshot).
/// </summary>
internal sealed record SnapshotAcknowledgement(long Sequence, SourceAcknowledgement? Inner) : SourceAcknowledgement;
