using Cdc.Appliers.Writing.Evolution;
using Cdc.Model;
using Cdc.Schemas.Mapping;
using Cdc.Schemas.Registry;

namespace Cdc.Appliers.Pipeline;

/// <summary>
/// A table's versions as the schema registry holds them under its subject <c>&lt;office&gt;.&lt;schema&gt;.&lt;table&gt;</c>,
/// registered by the broker user that publishes the office's records (<see cref="Bind"/>): versions registered with
/// other credentials never shape a target table.
/// </summary>
public sealed class RegistryTableHistory(SchemaRegistry registry) : ITableHistory
{
    private readonly Dictionary<string, string> _publishers = new(StringComparer.Ordinal);

    /// <summary>Records of <paramref name="office"/> now come from <paramref name="publisher"/>.</summary>
    public void Bind(string office, string publisher)
    {
        lock (_publishers)
            _publishers[office] = publisher;
    }

    public IReadOnlyList<TableDefinition> Versions(string office, TableId table)
    {
        string? publisher;
        lock (_publishers)
            publisher = _publishers.GetValueOrDefault(office);
        return registry.Versions(EnvelopeSchema.Subject(office, table), publisher).Select(v => v.Table).ToArray();
    }
}
