namespace Cdc.Streams.Broker;

/// <summary>The names of Cdc's streams.</summary>
public static class StreamNames
{
    /// <summary>The embedded schema registry.</summary>
    public const string Schemas = "cdc.schemas";

    /// <summary>The change stream of an office: <c>cdc.&lt;office&gt;</c>.</summary>
    public static string ForOffice(string office) => $"cdc.{office}";

    /// <summary>The office whose change stream this is, or null for a name that is not <c>cdc.&lt;office&gt;</c>.</summary>
    public static string? Office(string stream) =>
        stream.StartsWith("cdc.", StringComparison.Ordinal) && stream.Length > 4 && stream != Schemas ? stream[4..] : null;
}
