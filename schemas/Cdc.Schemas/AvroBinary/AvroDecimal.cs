using System.Globalization;
using System.Numerics;

namespace Cdc.Schemas.AvroBinary;

/// <summary>
/// Avro's <c>decimal</c> logical type: the unscaled value as big-endian two's-complement bytes. The model carries
/// decimals as exact invariant text, so the conversion goes text ⇄ bytes without any binary floating point.
/// </summary>
public static class AvroDecimal
{
    public static byte[] ToBytes(string text, int scale)
    {
        var negative = text.StartsWith('-');
        var digits = negative || text.StartsWith('+') ? text[1..] : text;
        var dot = digits.IndexOf('.');
        var whole = dot < 0 ? digits : digits[..dot];
        var fraction = dot < 0 ? "" : digits[(dot + 1)..];
        if (fraction.Length > scale)
        {
            if (fraction.AsSpan(scale).ContainsAnyExcept('0'))
                throw new FormatException($"Decimal '{text}' has more than {scale} fractional digits.");
            fraction = fraction[..scale];
        }
        var unscaled = BigInteger.Parse(whole + fraction.PadRight(scale, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        return (negative ? -unscaled : unscaled).ToByteArray(isUnsigned: false, isBigEndian: true);
    }

    public static string ToText(ReadOnlySpan<byte> bytes, int scale)
    {
        var unscaled = new BigInteger(bytes, isUnsigned: false, isBigEndian: true);
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        var sign = unscaled.Sign < 0 ? "-" : "";
        if (scale == 0)
            return sign + digits;
        digits = digits.PadLeft(scale + 1, '0');
        return $"{sign}{digits[..^scale]}.{digits[^scale..]}";
    }
}
