using System.Text;

namespace Cdc.Sql;

/// <summary>
/// The one place PostgreSQL SQL text is quoted: identifiers in double quotes (quotes doubled), string constants as
/// <c>E'...'</c> escape strings (quotes and backslashes doubled), which mean the same whatever
/// <c>standard_conforming_strings</c> says. Anything else reaches the server as a parameter.
/// </summary>
public static class PostgresQuoting
{
    /// <summary>NAMEDATALEN - 1: PostgreSQL cuts longer names silently, which could make two names one.</summary>
    public const int MaxIdentifierBytes = 63;

    /// <summary>A quoted identifier; refuses a name PostgreSQL would not keep as it is.</summary>
    /// <exception cref="UnrepresentableNameException">The name is empty, holds NUL or is longer than 63 bytes.</exception>
    public static string Identifier(string name)
    {
        if (Refusal(name) is { } reason)
            throw new UnrepresentableNameException(name, "PostgreSQL", reason);
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary><c>"schema"."name"</c>.</summary>
    public static string QualifiedName(string schema, string name) => $"{Identifier(schema)}.{Identifier(name)}";

    /// <summary>Why PostgreSQL cannot hold <paramref name="name"/> as it is, or null when it can.</summary>
    public static string? Refusal(string name) =>
        name.Length == 0 ? "a name cannot be empty"
        : name.Contains('\0', StringComparison.Ordinal) ? "a name cannot hold the character NUL"
        : Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes
            ? $"it is {Encoding.UTF8.GetByteCount(name)} bytes long in UTF-8 and PostgreSQL keeps only the first {MaxIdentifierBytes} (two such names could become one)"
            : null;

    /// <summary>A string constant.</summary>
    /// <exception cref="ArgumentException">The text holds NUL, which no PostgreSQL text can.</exception>
    public static string Literal(string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException("PostgreSQL text cannot hold the character NUL.", nameof(text));
        var quoted = text.Replace("'", "''", StringComparison.Ordinal);
        return text.Contains('\\', StringComparison.Ordinal) ? "E'" + quoted.Replace("\\", "\\\\", StringComparison.Ordinal) + "'" : "'" + quoted + "'";
    }
}
