using Cdc.Model;

namespace Cdc.Capture.Snapshot;

/// <summary>
/// The order tables are snapshotted in: a table after the tables its foreign keys reference (so a target with the same
/// constraints can load them), otherwise by name. Tables in a reference cycle keep name order after the rest.
/// </summary>
internal static class SnapshotPlan
{
    public static IReadOnlyList<SnapshotTable> Order(IEnumerable<SnapshotTable> tables, out IReadOnlyList<TableId> cycle)
    {
        var remaining = tables.OrderBy(t => t.Id.ToString(), StringComparer.Ordinal).ToList();
        var ids = remaining.Select(t => t.Id).ToHashSet();
        var placed = new HashSet<TableId>();
        var ordered = new List<SnapshotTable>();
        while (remaining.Count > 0)
        {
            var ready = remaining.FirstOrDefault(t => t.References.All(r => r == t.Id || placed.Contains(r) || !ids.Contains(r)));
            if (ready is null)
                break;
            ordered.Add(ready);
            placed.Add(ready.Id);
            remaining.Remove(ready);
        }
        cycle = remaining.Select(t => t.Id).ToArray();
        ordered.AddRange(remaining);
        return ordered;
    }
}
