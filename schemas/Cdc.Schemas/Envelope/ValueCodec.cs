using Cdc.Model;
using Cdc.Schemas.AvroBinary;

namespace Cdc.Schemas.Envelope;

/// <summary>
/// The Avro encoding of one column value of each <see cref="ColumnKind"/> (see <see cref="Mapping.ColumnProperties"/>
/// for the matching schema). Every column field is the union <c>[null, type]</c>; decimals are
/// <c>[null, decimal, string]</c>, the string branch carrying <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>.
/// </summary>
internal static class ValueCodec
{
    private const int ValueBranch = 1;
    private const int SpecialDecimalBranch = 2;
    private const int TextFormBranch = 2;

    public static void WriteBranchAndValue(AvroWriter writer, ColumnDefinition column, object value)
    {
        if (column.Kind == ColumnKind.Decimal && IsSpecialDecimal((string)value))
        {
            writer.WriteInt(SpecialDecimalBranch);
            writer.WriteString((string)value);
            return;
        }
        if (TextForm.Is(column.Kind, value))
        {
            writer.WriteInt(TextFormBranch);
            writer.WriteString((string)value);
            return;
        }
        writer.WriteInt(ValueBranch);
        WriteValue(writer, column.Kind, column, value);
    }

    public static object? ReadBranchAndValue(AvroReader reader, ColumnDefinition column)
    {
        var branch = reader.ReadInt();
        return branch switch
        {
            0 => null,
            ValueBranch => ReadValue(reader, column.Kind, column),
            SpecialDecimalBranch when column.Kind == ColumnKind.Decimal => reader.ReadString(),
            TextFormBranch when TextForm.Admits(column.Kind) => reader.ReadString(),
            _ => throw new InvalidDataException($"Union branch {branch} is out of range for column {column.Name} ({column.Kind})."),
        };
    }

    public static long ToUnixMicros(DateTimeOffset time) => (time.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    public static DateTimeOffset FromUnixMicros(long micros)
    {
        // A damaged or forged value must not wrap around into a plausible time.
        if (micros < (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / 10 || micros > (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / 10)
            throw new InvalidDataException($"Time {micros} µs since 1970 is outside the years 1 to 9999.");
        return new DateTimeOffset(DateTime.UnixEpoch.Ticks + micros * 10, TimeSpan.Zero);
    }

    private static bool IsSpecialDecimal(string text) => text is "NaN" or "Infinity" or "-Infinity";

    private static void WriteValue(AvroWriter writer, ColumnKind kind, ColumnDefinition column, object value)
    {
        try
        {
            switch (kind)
            {
                case ColumnKind.Boolean: writer.WriteBoolean((bool)value); break;
                case ColumnKind.Int16 or ColumnKind.Int32 or ColumnKind.Date: writer.WriteInt((int)value); break;
                case ColumnKind.Int64 or ColumnKind.Time or ColumnKind.Timestamp or ColumnKind.TimestampTz: writer.WriteLong((long)value); break;
                case ColumnKind.Float32: writer.WriteFloat((float)value); break;
                case ColumnKind.Float64: writer.WriteDouble((double)value); break;
                case ColumnKind.Decimal: writer.WriteBytes(AvroDecimal.ToBytes((string)value, column.Scale ?? 0)); break;
                case ColumnKind.Bytes: writer.WriteBytes((byte[])value); break;
                case ColumnKind.Array: WriteArray(writer, column, (IReadOnlyList<object?>)value); break;
                default: writer.WriteString((string)value); break;
            }
        }
        catch (InvalidCastException)
        {
            throw new InvalidCastException(
                $"Column {column.Name} ({column.SourceType}, {kind}) got a {value.GetType().Name}; the model wants the type ColumnKind.{kind} documents.");
        }
    }

    private static void WriteArray(AvroWriter writer, ColumnDefinition column, IReadOnlyList<object?> items)
    {
        var elementKind = column.ElementKind!.Value;
        if (items.Count > 0)
        {
            writer.WriteLong(items.Count);
            foreach (var item in items)
            {
                if (item is null)
                {
                    writer.WriteInt(0);
                    continue;
                }
                writer.WriteInt(ValueBranch);
                WriteValue(writer, elementKind, column, item);
            }
        }
        writer.WriteLong(0);
    }

    private static object ReadValue(AvroReader reader, ColumnKind kind, ColumnDefinition column) => kind switch
    {
        ColumnKind.Boolean => reader.ReadBoolean(),
        ColumnKind.Int16 or ColumnKind.Int32 or ColumnKind.Date => reader.ReadInt(),
        ColumnKind.Int64 or ColumnKind.Time or ColumnKind.Timestamp or ColumnKind.TimestampTz => reader.ReadLong(),
        ColumnKind.Float32 => reader.ReadFloat(),
        ColumnKind.Float64 => reader.ReadDouble(),
        ColumnKind.Decimal => AvroDecimal.ToText(reader.ReadBytes(), column.Scale ?? 0),
        ColumnKind.Bytes => reader.ReadBytes(),
        ColumnKind.Array => ReadArray(reader, column),
        _ => reader.ReadString(),
    };

    private static List<object?> ReadArray(AvroReader reader, ColumnDefinition column)
    {
        var elementKind = column.ElementKind!.Value;
        var items = new List<object?>();
        for (var count = reader.ReadLong(); count != 0; count = reader.ReadLong())
        {
            if (count < 0)
            {
                count = -count;
                reader.ReadLong();
            }
            for (var i = 0; i < count; i++)
                items.Add(reader.ReadInt() == 0 ? null : ReadValue(reader, elementKind, column));
        }
        return items;
    }
}
