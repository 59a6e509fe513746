namespace Cdc.Appliers.Writing.Evolution;

/// <summary>A target table's primary key as its catalog describes it: the constraint's name and its columns in key order (none: no key).</summary>
public sealed record TargetKey(string? Constraint, IReadOnlyList<string> Columns)
{
    public static TargetKey None { get; } = new(null, []);

    public override string ToString() => Columns.Count == 0 ? "no primary key" : $"({string.Join(", ", Columns)})";
}
