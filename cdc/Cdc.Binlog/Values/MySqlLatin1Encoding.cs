using System.Text;

namespace Cdc.Binlog.Values;

/// <summary>
/// MySQL's "latin1": Windows-1252, with the five bytes that code page leaves undefined (0x81, 0x8D, 0x8F, 0x90,
/// 0x9D) mapped to the C1 controls of the same value, as MySQL does (strings/ctype-latin1.cc). Mapped by hand so
/// no code-page provider has to be registered.
/// </summary>
internal sealed class MySqlLatin1Encoding : Encoding
{
    public static readonly MySqlLatin1Encoding Instance = new();

    private static readonly char[] High =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    private static readonly Dictionary<char, byte> Reverse =
        High.Select((c, i) => (c, b: (byte)(0x80 + i))).ToDictionary(p => p.c, p => p.b);

    public override int GetByteCount(char[] chars, int index, int count) => count;

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex)
    {
        for (var i = 0; i < charCount; i++)
        {
            var c = chars[charIndex + i];
            bytes[byteIndex + i] = Reverse.TryGetValue(c, out var b) ? b
                : c < 0x80 || (c >= 0xA0 && c <= 0xFF) ? (byte)c
                : (byte)'?';
        }
        return charCount;
    }

    public override int GetCharCount(byte[] bytes, int index, int count) => count;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
    {
        for (var i = 0; i < byteCount; i++)
        {
            var b = bytes[byteIndex + i];
            chars[charIndex + i] = b is >= 0x80 and < 0xA0 ? High[b - 0x80] : (char)b;
        }
        return byteCount;
    }

    public override int GetMaxByteCount(int charCount) => charCount;

    public override int GetMaxCharCount(int byteCount) => byteCount;
}
