using System.Text;

namespace Cdc.Sql;

/// <summary>
/// The one place MySQL/MariaDB SQL text is quoted: identifiers in backquotes (backquotes doubled), string constants as
/// hex literals with a character set introducer (<c>_utf8mb4 X'..'</c>): no escaping to get wrong, whatever the
/// session's <c>sql_mode</c> says about backslashes. Anything else reaches the server as a parameter.
/// </summary>
public static class MySqlQuoting
{
    /// <summary>The longest name MySQL and MariaDB accept, in characters.</summary>
    public const int MaxIdentifierLength = 64;

    /// <summary>A quoted identifier; refuses a name the server would reject or change.</summary>
    /// <exception cref="UnrepresentableNameException">The name is empty, too long, ends in a space or holds NUL or a character outside the BMP.</exception>
    public static string Identifier(string name)
    {
        if (Refusal(name) is { } reason)
            throw new UnrepresentableNameException(name, "MySQL/MariaDB", reason);
        return "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    /// <summary>
    /// The longest table name as a file name (the server encodes every character but <c>[A-Za-z0-9_]</c> as up to five
    /// bytes, <c>@xxxx</c>, and adds <c>.ibd</c>; file names end at 255 bytes).
    /// </summary>
    public const int MaxTableFileName = 251;

    /// <summary>A quoted table name; refuses one the server cannot hold or store as a file.</summary>
    /// <exception cref="UnrepresentableNameException">See <see cref="Identifier"/>, and a name whose file name would be too long.</exception>
    public static string TableName(string name)
    {
        if (TableRefusal(name) is { } reason)
            throw new UnrepresentableNameException(name, "MySQL/MariaDB", reason);
        return Identifier(name);
    }

    /// <summary>Why MySQL/MariaDB cannot hold <paramref name="name"/> as a table name, or null when it can.</summary>
    public static string? TableRefusal(string name)
    {
        if (Refusal(name) is { } reason)
            return reason;
        var file = name.Sum(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? 1 : 5);
        return file > MaxTableFileName
            ? $"the server stores a table as a file whose name encodes each character other than A-Z, a-z, 0-9 and _ in up to 5 bytes: up to {file} bytes here, over the limit of {MaxTableFileName}"
            : null;
    }

    /// <summary>Why MySQL/MariaDB cannot hold <paramref name="name"/> as it is, or null when it can.</summary>
    public static string? Refusal(string name) =>
        name.Length == 0 ? "a name cannot be empty"
        : name.Contains('\0', StringComparison.Ordinal) ? "a name cannot hold the character NUL"
        : name.Any(char.IsSurrogate) ? "a name can hold only characters of the Basic Multilingual Plane (no emoji)"
        : name.Length > MaxIdentifierLength ? $"it is {name.Length} characters long and the limit is {MaxIdentifierLength}"
        : name.EndsWith(' ') ? "a name cannot end with a space"
        : null;

    /// <summary>A string constant (NULL for null).</summary>
    public static string Literal(string? text) =>
        text is null ? "NULL" : $"_utf8mb4 X'{Convert.ToHexString(Encoding.UTF8.GetBytes(text))}'";

    /// <summary>
    /// A string constant for the DEFAULT of a TEXT column: the same hex text as an expression, <c>(CONVERT(X'..' USING utf8mb4))</c>.
    /// MariaDB re-reads the default of a TEXT column from its own printout, which writes a hex literal's text back
    /// unescaped (a backslash before a quote then breaks the table); MySQL takes TEXT defaults only as expressions.
    /// </summary>
    public static string DefaultText(string text) => $"(CONVERT(X'{Convert.ToHexString(Encoding.UTF8.GetBytes(text))}' USING utf8mb4))";

    /// <summary>A binary string constant.</summary>
    public static string Literal(byte[] bytes) => $"X'{Convert.ToHexString(bytes)}'";
}
