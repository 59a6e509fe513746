using Cdc.Model;

namespace Cdc.Schemas.Compatibility;

/// <summary>One column's change between two versions; <see cref="Before"/> is null for an added column, <see cref="After"/> for a removed one.</summary>
public sealed record ColumnChange(ColumnChangeKind Kind, ColumnDefinition? Before, ColumnDefinition? After)
{
    public string Column => After?.Name ?? Before!.Name;

    public override string ToString() => Kind switch
    {
        ColumnChangeKind.AddedOptional or ColumnChangeKind.AddedRequired =>
            $"{Column}: added {After!.SourceType}{(After.Nullable ? "" : " NOT NULL")}{(After.Default is null ? "" : $" DEFAULT {After.Default}")} ({Describe(Kind)})",
        ColumnChangeKind.RemovedOptional or ColumnChangeKind.RemovedRequired => $"{Column}: removed ({Describe(Kind)})",
        ColumnChangeKind.Renamed => $"{Before!.Name} → {After!.Name}: renamed (source id {After.SourceId})",
        ColumnChangeKind.NowNullable => $"{Column}: NOT NULL dropped",
        ColumnChangeKind.NowRequired => $"{Column}: NOT NULL set",
        ColumnChangeKind.Redefined => $"{Column}: {string.Join(", ", Redefinitions(Before!, After!))}",
        _ => $"{Column}: {Before!.SourceType} → {After!.SourceType} ({Describe(Kind)})",
    };

    private static IEnumerable<string> Redefinitions(ColumnDefinition before, ColumnDefinition after)
    {
        if (before.Default != after.Default)
            yield return $"default {before.Default ?? "none"} → {after.Default ?? "none"}";
        if (before.IsKey != after.IsKey)
            yield return after.IsKey ? "now in the key" : "no longer in the key";
        if (before.SourceType != after.SourceType)
            yield return $"source type {before.SourceType} → {after.SourceType}";
        if (before.SourceId != after.SourceId)
            yield return $"source id {before.SourceId?.ToString() ?? "none"} → {after.SourceId?.ToString() ?? "none"}";
    }

    private static string Describe(ColumnChangeKind kind) => kind switch
    {
        ColumnChangeKind.AddedOptional => "optional",
        ColumnChangeKind.AddedRequired => "required, no default",
        ColumnChangeKind.RemovedOptional => "was optional",
        ColumnChangeKind.RemovedRequired => "was required",
        ColumnChangeKind.Widened => "widened",
        ColumnChangeKind.Narrowed => "narrowed",
        ColumnChangeKind.Retyped => "another type",
        _ => "redefined",
    };
}
