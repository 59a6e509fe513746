using Cdc.Model;
using Cdc.Positions;

namespace Cdc.Appliers.Assembly;

/// <summary>
/// A whole source transaction ready to apply: its records not yet applied (possibly none, when all of it was a
/// re-published duplicate), the offset of its last message and the position of its last record.
/// </summary>
public sealed record SourceTransaction(IReadOnlyList<ChangeRecord> Records, StreamOffset LastOffset, SourcePosition LastPosition);
