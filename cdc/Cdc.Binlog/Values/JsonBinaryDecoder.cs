using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Values;

/// <summary>
/// Turns MySQL's binary JSON (sql-common/json_binary.h, "JSON binary format",
/// https://dev.mysql.com/doc/dev/mysql-server/latest/json__binary_8h.html) into JSON text in MySQL's own
/// layout (<c>{"a": 1, "b": [true, null]}</c>). Objects and arrays come in a small (16-bit offsets) and a large
/// (32-bit offsets) form; small scalars are stored inline in the value entry; opaque values carry a column type
/// (DECIMAL, DATE, TIME, DATETIME, ...) and are printed the way MySQL prints them.
/// Offsets come from the server: a corrupt or hostile value may point a container at itself or at one shared
/// child many times over, so nesting is limited to MySQL's own maximum depth and the text to a fixed multiple
/// of the bytes (a real document never prints to more than about 6 characters per byte: an escaped control character).
/// </summary>
internal static class JsonBinaryDecoder
{
    private const byte SmallObject = 0x00, LargeObject = 0x01, SmallArray = 0x02, LargeArray = 0x03;
    private const byte Literal = 0x04, Int16 = 0x05, UInt16 = 0x06, Int32 = 0x07, UInt32 = 0x08;
    private const byte Int64 = 0x09, UInt64 = 0x0A, Double = 0x0B, String = 0x0C, Opaque = 0x0F;

    /// <summary>MySQL refuses documents nested deeper than 100 (JSON_DOCUMENT_MAX_DEPTH).</summary>
    internal const int MaxDepth = 100;

    private const int TextPerByte = 16;
    private const int TextSlack = 1024;

    public static string Decode(byte[] data)
    {
        if (data.Length == 0)
            return "null"; // MySQL logs an empty value for a JSON NULL stored in a NOT NULL context
        var text = new StringBuilder();
        try
        {
            WriteValue(text, data[0], data, 1, depth: 0);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new BinlogProtocolException($"Invalid MySQL binary JSON of {data.Length} bytes: an offset or length points outside the value.", e);
        }
        return text.ToString();
    }

    private static void WriteValue(StringBuilder text, byte type, byte[] data, int offset, int depth)
    {
        switch (type)
        {
            case SmallObject or LargeObject:
                WriteContainer(text, data, offset, isObject: true, large: type == LargeObject, depth + 1);
                break;
            case SmallArray or LargeArray:
                WriteContainer(text, data, offset, isObject: false, large: type == LargeArray, depth + 1);
                break;
            case Literal:
                text.Append(data[offset] switch { 0 => "null", 1 => "true", 2 => "false", var b => throw Bad($"literal {b}") });
                break;
            case Int16:
                text.Append(BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan(offset)).ToString(CultureInfo.InvariantCulture));
                break;
            case UInt16:
                text.Append(BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset)).ToString(CultureInfo.InvariantCulture));
                break;
            case Int32:
                text.Append(BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset)).ToString(CultureInfo.InvariantCulture));
                break;
            case UInt32:
                text.Append(BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset)).ToString(CultureInfo.InvariantCulture));
                break;
            case Int64:
                text.Append(BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(offset)).ToString(CultureInfo.InvariantCulture));
                break;
            case UInt64:
                text.Append(BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(offset)).ToString(CultureInfo.InvariantCulture));
                break;
            case Double:
                text.Append(FormatDouble(BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(offset))));
                break;
            case String:
            {
                var length = ReadVariableLength(data, ref offset);
                WriteString(text, Encoding.UTF8.GetString(data, offset, length));
                break;
            }
            case Opaque:
                WriteOpaque(text, data, offset);
                break;
            default:
                throw Bad($"value type 0x{type:X2}");
        }
    }

    private static void WriteContainer(StringBuilder text, byte[] data, int start, bool isObject, bool large, int depth)
    {
        if (depth > MaxDepth)
            throw Bad($"nesting deeper than {MaxDepth} levels (a container that contains itself, or more than MySQL writes)");
        var size = large ? 4 : 2;
        var count = ReadOffset(data, start, large);
        var keyEntry = size + 2;
        var valueEntry = 1 + size;
        var valuesStart = start + 2 * size + (isObject ? count * keyEntry : 0);
        text.Append(isObject ? '{' : '[');
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
                text.Append(", ");
            if (isObject)
            {
                var entry = start + 2 * size + i * keyEntry;
                var keyOffset = ReadOffset(data, entry, large);
                var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(entry + size));
                WriteString(text, Encoding.UTF8.GetString(data, start + keyOffset, keyLength));
                text.Append(": ");
            }
            var value = valuesStart + i * valueEntry;
            var type = data[value];
            if (IsInline(type, large))
                WriteValue(text, type, data, value + 1, depth);
            else
                WriteValue(text, type, data, start + ReadOffset(data, value + 1, large), depth);
            if (text.Length > (long)data.Length * TextPerByte + TextSlack)
                throw Bad($"expansion to over {text.Length} characters from {data.Length} bytes (containers that share their children)");
        }
        text.Append(isObject ? '}' : ']');
    }

    private static bool IsInline(byte type, bool large) =>
        type is Literal or Int16 or UInt16 || (large && type is Int32 or UInt32);

    private static int ReadOffset(byte[] data, int offset, bool large) =>
        large ? checked((int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset))) : BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset));

    /// <summary>Lengths use 7 bits per byte, least significant group first, high bit set on all but the last byte.</summary>
    private static int ReadVariableLength(byte[] data, ref int offset)
    {
        var length = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = data[offset++];
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return length;
        }
        throw Bad("variable-length integer longer than 5 bytes");
    }

    private static void WriteOpaque(StringBuilder text, byte[] data, int offset)
    {
        var columnType = (ColumnType)data[offset++];
        var length = ReadVariableLength(data, ref offset);
        switch (columnType)
        {
            case ColumnType.NewDecimal:
                text.Append(DecimalDecoder.Decode(new PacketReader(data, offset + 2, length - 2), data[offset], data[offset + 1]));
                break;
            case ColumnType.Date or ColumnType.DateTime or ColumnType.Timestamp or ColumnType.Time:
                text.Append('"').Append(FormatPackedTemporal(columnType, BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(offset, 8)))).Append('"');
                break;
            default:
                text.Append("\"base64:type").Append((int)columnType).Append(':')
                    .Append(Convert.ToBase64String(data, offset, length)).Append('"');
                break;
        }
    }

    /// <summary>The 64-bit packed temporal format (integer part in the high 40 bits, microseconds in the low 24).</summary>
    internal static string FormatPackedTemporal(ColumnType type, long packed)
    {
        var negative = packed < 0;
        var magnitude = Math.Abs(packed);
        var micro = magnitude & 0xFFFFFF;
        var intPart = magnitude >> 24;
        if (type == ColumnType.Time)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{(negative ? "-" : "")}{intPart >> 12 & 0x3FF:00}:{intPart >> 6 & 0x3F:00}:{intPart & 0x3F:00}.{micro:000000}");
        }
        var ymd = intPart >> 17;
        var ym = ymd >> 5;
        var hms = intPart & 0x1FFFF;
        var date = string.Create(CultureInfo.InvariantCulture, $"{ym / 13:0000}-{ym % 13:00}-{ymd & 0x1F:00}");
        return type == ColumnType.Date
            ? date
            : date + string.Create(CultureInfo.InvariantCulture, $" {hms >> 12:00}:{hms >> 6 & 0x3F:00}:{hms & 0x3F:00}.{micro:000000}");
    }

    private static string FormatDouble(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('E') ? text.Replace("E+", "e", StringComparison.Ordinal).Replace("E", "e", StringComparison.Ordinal) : text;
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }

    private static BinlogProtocolException Bad(string what) =>
        new($"Invalid MySQL binary JSON: unexpected {what}.");
}
