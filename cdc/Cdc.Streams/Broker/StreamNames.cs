namespace Cdc.Streams.Broker;

/// <summary>The names of Cdc's streams.</summary>
public static class StreamNames
{
    /// <summary>The embedded schema registry.</summary>
    public const string Schemas = "cdc.schemas";

    /// <summary>The change stream of an office: <c>cdc.&lt;office&gt;</c>.</summary>
    public static string ForOffice(string office) => $"cdc.{office}";

    /// <summary>
    /// Where the appliers of an office's stream park the messages they cannot apply (<c>--on-bad-message park</c>):
    /// <c>cdc.&lt;office&gt;.dead</c>. No office is named <c>*.dead</c>, so this never is a change stream.
    /// </summary>
    public static string DeadLetters(string office) => $"cdc.{office}.dead";

    /// <summary>The suffix of <see cref="DeadLetters"/>.</summary>
    public const string DeadLettersSuffix = ".dead";

    /// <summary>The office whose change stream this is, or null for a name that is not <c>cdc.&lt;office&gt;</c>.</summary>
    public static string? Office(string stream) =>
        stream.StartsWith("cdc.", StringComparison.Ordinal) && stream.Length > 4 && stream != Schemas && !stream.EndsWith(DeadLettersSuffix, StringComparison.Ordinal)
            ? stream[4..]
            : null;
}
