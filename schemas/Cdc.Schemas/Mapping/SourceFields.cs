namespace Cdc.Schemas.Mapping;

/// <summary>The string fields of the envelope's <c>source</c> block, in wire order; <c>commit_time</c> and <c>snapshot</c> follow.</summary>
internal static class SourceFields
{
    public static readonly string[] Strings =
        ["office", "engine", "database", "schema", "table", "position", "native_position", "tx_id"];
}
