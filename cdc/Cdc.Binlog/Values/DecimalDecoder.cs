using System.Text;
using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Values;

/// <summary>
/// The binary DECIMAL format (strings/decimal.c, decimal2bin): the integer and fraction digits in groups of nine
/// per 4 big-endian bytes, the leftover digits in 1-4 bytes; the sign bit is the inverted top bit, and negative
/// numbers have every byte inverted. Decoded straight to text so DECIMAL(65,30) keeps every digit.
/// </summary>
internal static class DecimalDecoder
{
    private const int DigitsPerGroup = 9;
    private static readonly int[] BytesForDigits = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];

    /// <summary>Bytes a DECIMAL(precision, scale) occupies.</summary>
    public static int Size(int precision, int scale)
    {
        var integer = precision - scale;
        return integer / DigitsPerGroup * 4 + BytesForDigits[integer % DigitsPerGroup]
            + scale / DigitsPerGroup * 4 + BytesForDigits[scale % DigitsPerGroup];
    }

    /// <summary>Reads a DECIMAL(precision, scale) and returns it as invariant text with exactly <paramref name="scale"/> decimals.</summary>
    public static string Decode(PacketReader reader, int precision, int scale)
    {
        if (precision <= 0 || scale < 0 || scale > precision)
            throw new BinlogProtocolException($"Invalid DECIMAL({precision},{scale}) metadata.");
        var bytes = reader.ReadBytes(Size(precision, scale));
        var negative = (bytes[0] & 0x80) == 0;
        bytes[0] ^= 0x80;
        if (negative)
        {
            for (var i = 0; i < bytes.Length; i++)
                bytes[i] = (byte)~bytes[i];
        }
        var integerDigits = precision - scale;
        var offset = 0;
        var integer = new StringBuilder();
        var leading = integerDigits % DigitsPerGroup;
        if (leading > 0)
            integer.Append(ReadGroup(bytes, ref offset, BytesForDigits[leading]).ToString().PadLeft(leading, '0'));
        for (var g = 0; g < integerDigits / DigitsPerGroup; g++)
            integer.Append(ReadGroup(bytes, ref offset, 4).ToString("D9", System.Globalization.CultureInfo.InvariantCulture));
        var fraction = new StringBuilder();
        for (var g = 0; g < scale / DigitsPerGroup; g++)
            fraction.Append(ReadGroup(bytes, ref offset, 4).ToString("D9", System.Globalization.CultureInfo.InvariantCulture));
        var trailing = scale % DigitsPerGroup;
        if (trailing > 0)
            fraction.Append(ReadGroup(bytes, ref offset, BytesForDigits[trailing]).ToString().PadLeft(trailing, '0'));

        var integerText = integer.ToString().TrimStart('0');
        var text = (integerText.Length == 0 ? "0" : integerText) + (scale > 0 ? "." + fraction : "");
        var isZero = text.All(c => c is '0' or '.');
        return negative && !isZero ? "-" + text : text;
    }

    private static uint ReadGroup(byte[] bytes, ref int offset, int size)
    {
        uint value = 0;
        for (var i = 0; i < size; i++)
            value = value << 8 | bytes[offset + i];
        offset += size;
        return value;
    }
}
