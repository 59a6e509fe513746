using System.Text;

namespace Cdc.Capture.MySql;

/// <summary>
/// SQL text for values sent over the text protocol (the binlog client has no parameters). Strings go as hex literals
/// with a character set introducer: no escaping to get wrong, whatever the session's sql_mode (NO_BACKSLASH_ESCAPES).
/// </summary>
internal static class MySqlLiteral
{
    public static string Text(string? text) =>
        text is null ? "NULL" : $"_utf8mb4 X'{Convert.ToHexString(Encoding.UTF8.GetBytes(text))}'";

    public static string Bytes(byte[] bytes) => $"X'{Convert.ToHexString(bytes)}'";

    public static string Name(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";
}
