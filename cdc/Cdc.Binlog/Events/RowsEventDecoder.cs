using Cdc.Binlog.Protocol;
using Cdc.Binlog.Values;

namespace Cdc.Binlog.Events;

/// <summary>
/// Decodes WRITE/UPDATE/DELETE_ROWS v1 and v2: table id, flags, (v2) the extra-data block, the column count,
/// the columns-present bitmap (two for updates: before and after), then row images to the end of the body.
/// </summary>
internal static class RowsEventDecoder
{
    public static RowsEvent Decode(
        BinlogEventHeader header, string file, PacketReader body, int tableIdSize, IReadOnlyDictionary<ulong, TableMapEvent> tables)
    {
        var type = header.EventType;
        var isV2 = type is BinlogEventType.WriteRowsV2 or BinlogEventType.UpdateRowsV2 or BinlogEventType.DeleteRowsV2;
        var tableId = body.ReadUIntN(tableIdSize);
        var flags = body.ReadUInt16();
        if (isV2)
        {
            var extraLength = body.ReadUInt16(); // counts its own two bytes
            body.Skip(Math.Max(0, extraLength - 2));
        }
        if (!tables.TryGetValue(tableId, out var table))
            throw new BinlogProtocolException(
                $"Row event at {file}:{header.NextPosition - header.EventSize} refers to table id {tableId}, but no TABLE_MAP for it was read. "
                + "Resume from a transaction boundary (the position after an XID or COMMIT event), not from inside a transaction.");
        var columnCount = body.ReadLengthEncodedInt32();
        if (columnCount != table.Columns.Count)
            throw new BinlogProtocolException(
                $"Row event for {table.Database}.{table.Table} has {columnCount} columns but its TABLE_MAP has {table.Columns.Count}.");
        var before = RowImageDecoder.ReadBitmap(body, columnCount);
        var isUpdate = type is BinlogEventType.UpdateRowsV1 or BinlogEventType.UpdateRowsV2;
        var after = isUpdate ? RowImageDecoder.ReadBitmap(body, columnCount) : before;
        var beforeCount = before.Count(b => b);
        var afterCount = after.Count(b => b);

        // A row image of no present column takes no bytes: rows "to the end of the body" would never end.
        if (beforeCount == 0 || (isUpdate && afterCount == 0))
            throw new BinlogProtocolException(
                $"Row event for {table.Database}.{table.Table} at {file}:{header.NextPosition - header.EventSize} marks no column as present, so its row images are empty and cannot be told apart. The event is corrupt.");
        if (isUpdate)
        {
            var changes = new List<RowChange>();
            while (!body.IsAtEnd)
            {
                var old = RowImageDecoder.Decode(body, table.Columns, before, beforeCount);
                changes.Add(new RowChange(old, RowImageDecoder.Decode(body, table.Columns, after, afterCount)));
            }
            return new UpdateRowsEvent(header, file, table, flags, changes);
        }
        var rows = new List<RowImage>();
        while (!body.IsAtEnd)
            rows.Add(RowImageDecoder.Decode(body, table.Columns, before, beforeCount));
        return type is BinlogEventType.WriteRowsV1 or BinlogEventType.WriteRowsV2
            ? new WriteRowsEvent(header, file, table, flags, rows)
            : new DeleteRowsEvent(header, file, table, flags, rows);
    }
}
