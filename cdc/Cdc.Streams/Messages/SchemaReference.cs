using System.Globalization;

namespace Cdc.Streams.Messages;

/// <summary>
/// How a change message names the exact schema version of its records: <c>subject@version</c>. Formatted and parsed
/// here only. A subject comes from a table name and may hold an <c>@</c>: the version is what follows the last one.
/// </summary>
public readonly record struct SchemaReference(string Subject, int Version)
{
    public static SchemaReference Parse(string text)
    {
        var at = text.LastIndexOf('@');
        if (at <= 0 || !int.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            throw new FormatException($"'{text}' is not a schema reference: expected subject@version.");
        return new SchemaReference(text[..at], version);
    }

    public override string ToString() => $"{Subject}@{Version}";
}
