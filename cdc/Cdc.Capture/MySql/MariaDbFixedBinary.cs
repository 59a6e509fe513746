using System.Globalization;
using System.Text;

namespace Cdc.Capture.MySql;

/// <summary>
/// MariaDB's INET4, INET6 and UUID: fixed-size binary values (4, 16, 16 bytes) that its binlog and <c>HEX()</c> give
/// as those bytes (a UUID in its text order, whatever order the row stores it in), and that travel as the text MariaDB
/// prints for them (<see cref="Model.ColumnKind.Text"/>, source type <c>inet4</c>, <c>inet6</c>, <c>uuid</c>), so that
/// every target gets MariaDB's own text: a MariaDB target reads it back into the same type, PostgreSQL stores it as
/// <c>uuid</c> (same text) or as text (its <c>inet</c> prints some addresses otherwise: <c>1::2:3:4:5:6:7</c>,
/// <c>::2</c>). The binlog leaves out trailing zero bytes; they are put back here.
/// See MariaDB's <c>Inet6::to_string</c> (plugin/type_inet) and <c>UUID::to_string</c> (plugin/type_uuid).
/// </summary>
internal static class MariaDbFixedBinary
{
    public static readonly IReadOnlyList<string> Types = ["inet4", "inet6", "uuid"];

    /// <summary>Bytes of the type's value, and characters of its longest text.</summary>
    public static (int Bytes, int TextLength)? Size(string type) => type switch
    {
        "inet4" => (4, 15),
        "inet6" => (16, 39),
        "uuid" => (16, 36),
        _ => null,
    };

    public static string Text(string type, byte[] value)
    {
        var bytes = new byte[Size(type)?.Bytes ?? throw new ArgumentException($"{type} is not one of MariaDB's fixed-size binary types.", nameof(type))];
        value.AsSpan(0, Math.Min(value.Length, bytes.Length)).CopyTo(bytes);
        return type switch
        {
            "inet4" => Inet4(bytes),
            "inet6" => Inet6(bytes),
            _ => Uuid(bytes),
        };
    }

    private static string Inet4(ReadOnlySpan<byte> bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes[0]}.{bytes[1]}.{bytes[2]}.{bytes[3]}");

    private static string Uuid(byte[] bytes)
    {
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    /// <summary>
    /// As MariaDB prints it, which is not RFC 5952: the longest run of zero words becomes <c>::</c> even when it is one
    /// word long, the first of equal runs wins, and an address whose first 96 bits are zero (IPv4-compatible) or
    /// zero then <c>ffff</c> (IPv4-mapped) ends in dotted IPv4, except <c>::</c>, <c>::x</c> (a run of seven or eight).
    /// </summary>
    private static string Inet6(ReadOnlySpan<byte> bytes)
    {
        Span<int> words = stackalloc int[8];
        for (var i = 0; i < 8; i++)
            words[i] = bytes[2 * i] << 8 | bytes[2 * i + 1];
        var (gapStart, gapLength) = (-1, 0);
        for (var i = 0; i < 8; i++)
        {
            if (words[i] != 0)
                continue;
            var length = 1;
            while (i + length < 8 && words[i + length] == 0)
                length++;
            if (length > gapLength)
                (gapStart, gapLength) = (i, length);
            i += length;
        }
        var text = new StringBuilder(39);
        for (var i = 0; i < 8; i++)
        {
            if (i == gapStart)
            {
                text.Append(i == 0 ? "::" : ":");
                i += gapLength - 1;
            }
            else if (i == 6 && gapStart == 0 && (gapLength == 6 || gapLength == 5 && words[5] == 0xffff))
            {
                return text.Append(Inet4(bytes[12..])).ToString();
            }
            else
            {
                text.Append(words[i].ToString("x", CultureInfo.InvariantCulture));
                if (i < 7)
                    text.Append(':');
            }
        }
        return text.ToString();
    }
}
