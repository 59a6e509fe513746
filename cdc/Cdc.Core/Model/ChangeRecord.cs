namespace Cdc.Model;

/// <summary>One row change (or a truncate) with its table definition and its source block.</summary>
public sealed record ChangeRecord(Operation Op, TableDefinition Table, RowImage? Before, RowImage? After, SourceInfo Source)
{
    /// <summary>The row that identifies the change on a target: the new row for inserts and updates, the old one for deletes.</summary>
    public RowImage? KeyRow => Op == Operation.Delete ? Before : After ?? Before;
}
