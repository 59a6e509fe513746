using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cdc.Cli.Verification;

/// <summary>
/// Engine-neutral text of column values and their digest, so that a PostgreSQL row and a MariaDB row with the same
/// meaning compare equal: integers of any width as one integer, decimals without trailing zeros, booleans as 1/0,
/// times at tick precision without their kind, bytes in hex.
/// </summary>
internal static class RowDigest
{
    public static string KeyText(ReadOnlySpan<object?> key)
    {
        var text = new StringBuilder();
        foreach (var value in key)
        {
            if (text.Length > 0)
                text.Append(", ");
            text.Append(Normalize(value));
        }
        return text.ToString();
    }

    public static ulong Of(ReadOnlySpan<object?> values)
    {
        var text = new StringBuilder();
        foreach (var value in values)
            text.Append(Normalize(value)).Append('\u001f');
        return Hash(text.ToString());
    }

    public static ulong Hash(string text) => BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Normalize(object? value) => value switch
    {
        null => "\u2400",
        bool b => b ? "1" : "0",
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString("G29", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexString(bytes),
        Guid g => g.ToString("D"),
        string s => s,
        IEnumerable items => "{" + string.Join(",", items.Cast<object?>().Select(Normalize)) + "}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
