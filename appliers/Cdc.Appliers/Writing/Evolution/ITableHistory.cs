using Cdc.Model;

namespace Cdc.Appliers.Writing.Evolution;

/// <summary>Every registered version of a source table, oldest first (the schema registry, seen from the applier).</summary>
public interface ITableHistory
{
    IReadOnlyList<TableDefinition> Versions(string office, TableId table);
}
