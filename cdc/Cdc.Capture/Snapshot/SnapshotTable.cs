using Cdc.Model;

namespace Cdc.Capture.Snapshot;

/// <summary>A table to snapshot: its definition (the same one streaming produces), a row estimate, and the tables its foreign keys reference.</summary>
internal sealed record SnapshotTable(TableDefinition Definition, long EstimatedRows, IReadOnlyList<TableId> References)
{
    public TableId Id => Definition.Id;
}
