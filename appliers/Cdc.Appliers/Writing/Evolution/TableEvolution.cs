using Cdc.Model;
using Cdc.Schemas.Compatibility;

namespace Cdc.Appliers.Writing.Evolution;

/// <summary>
/// Plans how an existing target table follows its source table's versions: renamed columns are renamed (matched by
/// source id through the history), new columns added (nullable, or with their constant default), widened types
/// widened, columns the source made nullable made nullable; a dropped source column is kept (made nullable) or dropped
/// by policy. A type change that is not a widening is reported and left alone; a narrowing keeps the wider target type.
/// </summary>
public static class TableEvolution
{
    /// <param name="actual">The target table's columns now.</param>
    /// <param name="history">The source table's versions, oldest first; the last is the one to reach.</param>
    /// <param name="policy">What to do with dropped source columns.</param>
    /// <param name="dialect">The target engine's DDL.</param>
    public static EvolutionPlan Plan(IReadOnlyList<TargetColumn> actual, IReadOnlyList<TableDefinition> history, DroppedColumnPolicy policy, SqlDialect dialect)
    {
        var newest = history[^1];
        var table = dialect.TableName(newest.Id);
        var columns = actual.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var statements = new List<string>();
        var changes = new List<string>();
        var problems = new List<string>();
        foreach (var column in newest.Columns)
        {
            if (!columns.TryGetValue(column.Name, out var current))
            {
                if (FormerName(column, history, newest, columns) is { } former)
                {
                    statements.Add(dialect.RenameColumn(table, former, column.Name));
                    changes.Add($"renamed {former} to {column.Name}");
                    current = columns[former] with { Name = column.Name };
                    columns.Remove(former);
                    columns[column.Name] = current;
                }
                else
                {
                    statements.Add(dialect.AddColumn(table, column));
                    changes.Add($"added {column.Name} {dialect.ColumnType(column)}");
                    if (!column.IsOptional)
                        changes.Add($"{column.Name} is NOT NULL without a constant default at the source: added as nullable");
                    columns[column.Name] = new TargetColumn(column.Name, dialect.ColumnType(column), true);
                    continue;
                }
            }
            Retype(current, column, history, dialect, table, statements, changes, problems);
            if (column.Nullable && !column.IsKey && !current.Nullable)
            {
                statements.Add(dialect.DropNotNull(table, current));
                changes.Add($"{column.Name} made nullable");
            }
        }
        var sourceNames = history.SelectMany(v => v.Columns).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in columns.Values.Where(c => newest.IndexOf(c.Name) < 0 && sourceNames.Contains(c.Name)).ToArray())
        {
            if (policy == DroppedColumnPolicy.Drop)
            {
                statements.Add(dialect.DropColumn(table, gone.Name));
                changes.Add($"dropped {gone.Name}");
            }
            else if (!gone.Nullable)
            {
                statements.Add(dialect.DropNotNull(table, gone));
                changes.Add($"kept {gone.Name} (dropped at the source), made nullable");
            }
        }
        return new EvolutionPlan(statements, changes, problems);
    }

    /// <summary>A name this column had in an earlier version (same source id) that the target still has and the newest version does not use.</summary>
    private static string? FormerName(ColumnDefinition column, IReadOnlyList<TableDefinition> history, TableDefinition newest, Dictionary<string, TargetColumn> target) =>
        column.SourceId is not { } id
            ? null
            : history.SelectMany(v => v.Columns)
                .Where(c => c.SourceId == id && c.Name != column.Name && target.ContainsKey(c.Name) && newest.IndexOf(c.Name) < 0)
                .Select(c => c.Name)
                .LastOrDefault();

    private static void Retype(
        TargetColumn current, ColumnDefinition column, IReadOnlyList<TableDefinition> history, SqlDialect dialect, string table,
        List<string> statements, List<string> changes, List<string> problems)
    {
        if (dialect.HasType(current, column))
            return;
        // Which version the target's type comes from decides whether the newest type is a widening of it.
        var earlier = history.Select(v => SchemaDiff.Match(v, column)).LastOrDefault(c => c is not null && dialect.HasType(current, c));
        switch (earlier is null ? TypeRelation.Unrelated : TypeOrder.Compare(earlier, column))
        {
            case TypeRelation.Wider:
                statements.Add(dialect.AlterColumnType(table, column));
                changes.Add($"widened {column.Name} from {current.Type} to {dialect.ColumnType(column)}");
                break;
            case TypeRelation.Narrower or TypeRelation.Same:
                changes.Add($"kept {column.Name} as {current.Type} ({column.SourceType} at the source fits it)");
                break;
            default:
                problems.Add($"column {column.Name} is {current.Type} on the target and {column.SourceType} at the source, which is not a widening of it: " +
                             $"left as it is; values that do not fit will fail. Alter it by hand (ALTER TABLE {table} ... {dialect.ColumnType(column)}) if the change is intended");
                break;
        }
    }
}
