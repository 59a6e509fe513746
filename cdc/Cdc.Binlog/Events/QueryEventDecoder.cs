using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Events;

/// <summary>
/// Decodes QUERY: post-header (thread id, execution time, database name length, error code, status variables
/// length), the status variables (skipped), the NUL-terminated database name, then the statement to the end.
/// </summary>
internal static class QueryEventDecoder
{
    public static QueryEvent Decode(BinlogEventHeader header, string file, PacketReader body)
    {
        var threadId = body.ReadUInt32();
        var seconds = body.ReadUInt32();
        var databaseLength = body.ReadByte();
        var errorCode = body.ReadUInt16();
        var statusLength = body.ReadUInt16();
        body.Skip(statusLength);
        var database = body.ReadString(databaseLength);
        body.Skip(1);
        var sql = body.ReadString(body.Remaining);
        return new QueryEvent(header, file, threadId, seconds, errorCode, database, sql);
    }
}
