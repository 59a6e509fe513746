using Cdc.Binlog.Protocol;
using Cdc.Binlog.Values;

namespace Cdc.Binlog.Events;

/// <summary>
/// Decodes a TABLE_MAP body: table id (6 bytes), flags, schema and table names, column types, per-type metadata,
/// the nullability bitmap, then the optional metadata.
/// </summary>
internal static class TableMapDecoder
{
    public static TableMapEvent Decode(BinlogEventHeader header, string file, PacketReader body, int tableIdSize, bool isMariaDb)
    {
        var tableId = body.ReadUIntN(tableIdSize);
        body.Skip(2); // flags
        var database = body.ReadString(body.ReadByte());
        body.Skip(1);
        var table = body.ReadString(body.ReadByte());
        body.Skip(1);
        var count = body.ReadLengthEncodedInt32();
        var types = body.ReadBytes(count);
        var metadataLength = body.ReadLengthEncodedInt32();
        var metadata = body.ReadReader(metadataLength);
        var nullable = body.ReadBytes((count + 7) / 8);
        var columns = new ColumnInfo[count];
        for (var i = 0; i < count; i++)
        {
            var (type, meta) = ReadTypeMetadata((ColumnType)types[i], metadata);
            columns[i] = new ColumnInfo(i, type, meta, (nullable[i / 8] & (1 << (i % 8))) != 0);
        }
        var (withOptional, primaryKey) = OptionalMetadataReader.Apply(columns, body, isMariaDb);
        return new TableMapEvent(header, file, tableId, database, table, withOptional, primaryKey);
    }

    /// <summary>Reads one column's type metadata and resolves the real type of CHAR-logged ENUM/SET columns.</summary>
    internal static (ColumnType Type, int Metadata) ReadTypeMetadata(ColumnType type, PacketReader metadata)
    {
        switch (type)
        {
            case ColumnType.Float or ColumnType.Double or ColumnType.Blob or ColumnType.TinyBlob or ColumnType.MediumBlob
                or ColumnType.LongBlob or ColumnType.Geometry or ColumnType.Json
                or ColumnType.Timestamp2 or ColumnType.DateTime2 or ColumnType.Time2:
                return (type, metadata.ReadByte());
            case ColumnType.VarChar or ColumnType.VarString or ColumnType.Bit:
                return (type, metadata.ReadUInt16());
            case ColumnType.NewDecimal:
                var precision = metadata.ReadByte();
                return (type, precision << 8 | metadata.ReadByte());
            case ColumnType.String or ColumnType.Enum or ColumnType.Set:
                return ReadStringMetadata(metadata.ReadByte(), metadata.ReadByte());
            default:
                return (type, 0);
        }
    }

    /// <summary>
    /// CHAR metadata is (real type, length). Lengths above 255 (e.g. CHAR(255) in utf8mb4 = 1020 bytes) keep their
    /// bits 8-9 inverted in bits 4-5 of the type byte, which are always set in the real type codes 0xF7/0xF8/0xFE.
    /// </summary>
    internal static (ColumnType Type, int Metadata) ReadStringMetadata(byte first, byte second)
    {
        if ((first & 0x30) != 0x30)
            return (ColumnType.String, second | ((first & 0x30) ^ 0x30) << 4);
        var real = (ColumnType)first;
        return (real is ColumnType.Enum or ColumnType.Set ? real : ColumnType.String, second);
    }
}
