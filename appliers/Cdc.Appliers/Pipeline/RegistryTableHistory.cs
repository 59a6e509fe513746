using Cdc.Appliers.Writing.Evolution;
using Cdc.Model;
using Cdc.Schemas.Mapping;
using Cdc.Schemas.Registry;

namespace Cdc.Appliers.Pipeline;

/// <summary>A table's versions as the schema registry holds them under its subject <c>&lt;office&gt;.&lt;schema&gt;.&lt;table&gt;</c>.</summary>
public sealed class RegistryTableHistory(SchemaRegistry registry) : ITableHistory
{
    public IReadOnlyList<TableDefinition> Versions(string office, TableId table) =>
        registry.Versions(EnvelopeSchema.Subject(office, table)).Select(v => v.Table).ToArray();
}
