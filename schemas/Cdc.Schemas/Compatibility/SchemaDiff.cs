using Cdc.Model;

namespace Cdc.Schemas.Compatibility;

/// <summary>
/// The column changes between two versions of one table. Columns are matched by source id when both versions have
/// one (PostgreSQL attnum: a rename keeps it), otherwise by name; so a rename is one <see cref="ColumnChangeKind.Renamed"/>
/// change, not a removal and an addition. A column can have several changes (renamed and widened).
/// </summary>
public static class SchemaDiff
{
    public static IReadOnlyList<ColumnChange> Between(TableDefinition previous, TableDefinition next)
    {
        var changes = new List<ColumnChange>();
        var matched = new HashSet<ColumnDefinition>(ReferenceEqualityComparer.Instance);
        foreach (var after in next.Columns)
        {
            var before = Match(previous, after);
            if (before is null)
            {
                changes.Add(new ColumnChange(after.IsOptional ? ColumnChangeKind.AddedOptional : ColumnChangeKind.AddedRequired, null, after));
                continue;
            }
            matched.Add(before);
            changes.AddRange(Compare(before, after));
        }
        foreach (var before in previous.Columns.Where(c => !matched.Contains(c)))
            changes.Add(new ColumnChange(before.IsOptional ? ColumnChangeKind.RemovedOptional : ColumnChangeKind.RemovedRequired, before, null));
        return changes;
    }

    /// <summary>The column of <paramref name="table"/> that <paramref name="column"/> is (or was), by source id, else by name.</summary>
    public static ColumnDefinition? Match(TableDefinition table, ColumnDefinition column) =>
        column.SourceId is { } id && table.Columns.Any(c => c.SourceId is not null)
            ? table.Columns.FirstOrDefault(c => c.SourceId == id)
            : table.Columns.FirstOrDefault(c => c.Name == column.Name);

    private static IEnumerable<ColumnChange> Compare(ColumnDefinition before, ColumnDefinition after)
    {
        if (before.Name != after.Name)
            yield return new ColumnChange(ColumnChangeKind.Renamed, before, after);
        var relation = TypeOrder.Compare(before, after);
        if (relation != TypeRelation.Same)
            yield return new ColumnChange(relation switch
            {
                TypeRelation.Wider => ColumnChangeKind.Widened,
                TypeRelation.Narrower => ColumnChangeKind.Narrowed,
                _ => ColumnChangeKind.Retyped,
            }, before, after);
        if (before.Nullable != after.Nullable)
            yield return new ColumnChange(after.Nullable ? ColumnChangeKind.NowNullable : ColumnChangeKind.NowRequired, before, after);
        if (relation == TypeRelation.Same && before.Nullable == after.Nullable && before with { Name = after.Name } != after)
            yield return new ColumnChange(ColumnChangeKind.Redefined, before, after);
    }
}
