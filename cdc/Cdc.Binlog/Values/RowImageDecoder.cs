using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Values;

/// <summary>
/// Decodes one row image of a row event: a NULL bitmap with one bit per present column, then the values of the
/// present, non-NULL columns in the binary row format of each column type.
/// </summary>
internal static class RowImageDecoder
{
    public static RowImage Decode(PacketReader reader, IReadOnlyList<ColumnInfo> columns, bool[] present, int presentCount)
    {
        var nulls = reader.ReadBytesSpan((presentCount + 7) / 8).ToArray();
        var values = new object?[columns.Count];
        var n = 0;
        for (var i = 0; i < columns.Count; i++)
        {
            if (!present[i])
                continue;
            var isNull = (nulls[n / 8] & (1 << (n % 8))) != 0;
            n++;
            if (isNull)
                continue;
            try
            {
                values[i] = ColumnValueDecoder.Decode(columns[i], reader);
            }
            catch (BinlogProtocolException e)
            {
                throw new BinlogProtocolException(
                    $"Cannot decode column {i} ({columns[i].Name ?? "unnamed"}, {columns[i].Type}, metadata 0x{columns[i].Metadata:X}): {e.Message}", e);
            }
        }
        return new RowImage(values, present);
    }

    /// <summary>Reads a bitmap of <paramref name="count"/> bits, least significant bit first.</summary>
    public static bool[] ReadBitmap(PacketReader reader, int count)
    {
        var bytes = reader.ReadBytesSpan((count + 7) / 8);
        var bits = new bool[count];
        for (var i = 0; i < count; i++)
            bits[i] = (bytes[i / 8] & (1 << (i % 8))) != 0;
        return bits;
    }
}
