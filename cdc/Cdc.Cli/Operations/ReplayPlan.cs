using Cdc.Connections;
using Cdc.Model;
using Cdc.Streams.Consuming;

namespace Cdc.Cli.Operations;

/// <summary>What <c>cdc replay</c> was asked to do.</summary>
internal sealed record ReplayPlan(
    string Stream,
    FeedStart From,
    long? ToOffset,
    IReadOnlySet<string>? Tables,
    DatabaseUri Target,
    string Name,
    bool DryRun,
    bool Force)
{
    /// <summary>Whether records of <paramref name="table"/> are replayed (<c>--tables</c> names schema.table or table).</summary>
    public bool Includes(TableId table) => Tables is null || Tables.Contains(table.ToString()) || Tables.Contains(table.Name);
}
