namespace Cdc.Appliers.Writing.Evolution;

/// <summary>A column as the target's catalog describes it; <see cref="Type"/> is the catalog's own type text.</summary>
public sealed record TargetColumn(string Name, string Type, bool Nullable);
