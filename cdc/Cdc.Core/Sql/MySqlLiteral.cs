using System.Text;

namespace Cdc.Sql;

/// <summary>
/// MySQL/MariaDB SQL text for names and values: the one quoter of this engine (capture, apply and verify use it).
/// Values sent as text (the binlog client has no parameters) go as hex literals with a character set introducer: no
/// escaping to get wrong, whatever the session's sql_mode (NO_BACKSLASH_ESCAPES).
/// </summary>
public static class MySqlLiteral
{
    public static string Text(string? text) =>
        text is null ? "NULL" : $"_utf8mb4 X'{Convert.ToHexString(Encoding.UTF8.GetBytes(text))}'";

    public static string Bytes(byte[] bytes) => $"X'{Convert.ToHexString(bytes)}'";

    public static string Name(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";
}
