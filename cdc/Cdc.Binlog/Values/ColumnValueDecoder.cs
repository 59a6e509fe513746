using System.Buffers.Binary;
using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Values;

/// <summary>
/// Decodes one non-NULL column value from the binary row format, using the column type, its TABLE_MAP metadata
/// and the optional metadata (signedness, charset, ENUM/SET symbols). The resulting .NET types are documented
/// on <see cref="RowImage"/>.
/// </summary>
internal static class ColumnValueDecoder
{
    public static object Decode(ColumnInfo column, PacketReader reader)
    {
        var unsigned = column.IsUnsigned == true;
        return column.Type switch
        {
            ColumnType.Tiny => unsigned ? (object)(ulong)reader.ReadByte() : (long)(sbyte)reader.ReadByte(),
            ColumnType.Short => unsigned ? (object)(ulong)reader.ReadUInt16() : (long)(short)reader.ReadUInt16(),
            ColumnType.Int24 => unsigned ? (object)(ulong)reader.ReadUInt24() : (long)((int)(reader.ReadUInt24() << 8) >> 8),
            ColumnType.Long => unsigned ? (object)(ulong)reader.ReadUInt32() : (long)(int)reader.ReadUInt32(),
            ColumnType.LongLong => unsigned ? (object)reader.ReadUInt64() : (long)reader.ReadUInt64(),
            ColumnType.Float => BinaryPrimitives.ReadSingleLittleEndian(reader.ReadBytesSpan(4)),
            ColumnType.Double => BinaryPrimitives.ReadDoubleLittleEndian(reader.ReadBytesSpan(8)),
            ColumnType.NewDecimal => DecimalDecoder.Decode(reader, column.Precision, column.Scale),
            ColumnType.Bit => reader.ReadUIntBigEndian((column.Metadata >> 8) + ((column.Metadata & 0xFF) > 0 ? 1 : 0)),
            ColumnType.Year => Year(reader.ReadByte()),
            ColumnType.Date => TemporalDecoder.ReadDate(reader),
            ColumnType.Time => TemporalDecoder.ReadTime(reader),
            ColumnType.Time2 => TemporalDecoder.ReadTime2(reader, column.Metadata),
            ColumnType.DateTime => TemporalDecoder.ReadDateTime(reader),
            ColumnType.DateTime2 => TemporalDecoder.ReadDateTime2(reader, column.Metadata),
            ColumnType.Timestamp => TemporalDecoder.FromUnixSeconds(reader.ReadUInt32(), 0),
            ColumnType.Timestamp2 => TemporalDecoder.ReadTimestamp2(reader, column.Metadata),
            ColumnType.VarChar or ColumnType.VarString => Text(column, reader.ReadBytesSpan(reader.ReadLength(column.Metadata > 255 ? 2 : 1)), fallbackText: true),
            ColumnType.String => Fixed(column, reader.ReadBytesSpan(reader.ReadLength(column.Metadata > 255 ? 2 : 1))),
            ColumnType.Blob or ColumnType.TinyBlob or ColumnType.MediumBlob or ColumnType.LongBlob =>
                Text(column, reader.ReadBytesSpan(reader.ReadLength(column.Metadata)), fallbackText: false),
            ColumnType.Geometry => reader.ReadBytes(reader.ReadLength(column.Metadata)),
            ColumnType.Json => JsonBinaryDecoder.Decode(reader.ReadBytes(reader.ReadLength(column.Metadata))),
            ColumnType.Enum => Enum(column, reader.ReadUIntN(column.Metadata)),
            ColumnType.Set => Set(column, reader.ReadUIntN(column.Metadata)),
            _ => throw new BinlogProtocolException(
                $"Column type {column.Type} ({(int)column.Type}) is not supported in row events; its length is unknown, so the event cannot be read."),
        };
    }

    /// <summary>Text in the column's charset; bytes for the binary collation (or, without charset metadata, for BLOB/TEXT).</summary>
    private static object Text(ColumnInfo column, ReadOnlySpan<byte> bytes, bool fallbackText)
    {
        if (column.Collation is not { } collation)
            return fallbackText ? System.Text.Encoding.UTF8.GetString(bytes) : bytes.ToArray();
        var encoding = CharsetEncoding.ForCollation(collation);
        return encoding is null ? bytes.ToArray() : encoding.GetString(bytes);
    }

    /// <summary>
    /// CHAR/BINARY: the server strips trailing pad characters before logging. Text keeps that (CHAR reads without
    /// trailing spaces), but BINARY(n) is padded with zero bytes to its n bytes again, as the stored value is.
    /// </summary>
    private static object Fixed(ColumnInfo column, ReadOnlySpan<byte> bytes)
    {
        if (column.Collation != CharsetEncoding.Binary || bytes.Length >= column.Metadata)
            return Text(column, bytes, fallbackText: true);
        var padded = new byte[column.Metadata];
        bytes.CopyTo(padded);
        return padded;
    }

    private static int Year(byte stored) => stored == 0 ? 0 : 1900 + stored;

    private static object Enum(ColumnInfo column, ulong index)
    {
        if (column.EnumValues is not { } symbols)
            return (long)index;
        if (index == 0)
            return "";
        return index <= (ulong)symbols.Count
            ? symbols[(int)index - 1]
            : throw new BinlogProtocolException($"ENUM index {index} is beyond the {symbols.Count} symbols of the table map.");
    }

    private static object Set(ColumnInfo column, ulong mask)
    {
        if (column.SetValues is not { } symbols)
            return mask;
        var chosen = new List<string>();
        for (var i = 0; i < symbols.Count && i < 64; i++)
        {
            if ((mask & 1UL << i) != 0)
                chosen.Add(symbols[i]);
        }
        return string.Join(",", chosen);
    }
}
