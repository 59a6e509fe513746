using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Events;

/// <summary>Decodes the GTID events of MySQL (GTID, ANONYMOUS_GTID) and MariaDB (GTID, GTID_LIST).</summary>
internal static class GtidEventDecoder
{
    private const byte LogicalTimestampTypeCode = 2;
    private const ulong HighBit56 = 1UL << 55;
    private const int GtidListEntrySize = 16;
    private static readonly ulong MaxMicroseconds = (ulong)((DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks / 10);

    /// <summary>
    /// MySQL GTID body (Gtid_event): flags u8, source uuid (16 bytes), transaction number u64; then, written by
    /// newer servers: logical-clock type code 2 with last_committed and sequence_number (u64 each), the immediate
    /// commit timestamp (7 bytes, microseconds; the top bit says an original timestamp of 7 bytes follows), the
    /// transaction length (length-encoded) and the server versions (u32, top bit: original version follows).
    /// </summary>
    public static MySqlGtidEvent DecodeMySql(BinlogEventHeader header, string file, PacketReader body)
    {
        var flags = body.ReadByte();
        var uuid = body.ReadBytesSpan(16);
        var source = new Guid(uuid, bigEndian: true);
        var number = (long)body.ReadUInt64();
        MySqlGtid? gtid = header.EventType == BinlogEventType.AnonymousGtid ? null : new MySqlGtid(source, number);
        long? lastCommitted = null, sequenceNumber = null, transactionLength = null;
        DateTimeOffset? immediate = null, original = null;
        if (body.Remaining >= 17 && body.PeekByte() == LogicalTimestampTypeCode)
        {
            body.Skip(1);
            lastCommitted = (long)body.ReadUInt64();
            sequenceNumber = (long)body.ReadUInt64();
        }
        if (body.Remaining >= 7)
        {
            var raw = body.ReadUIntN(7);
            immediate = FromMicroseconds(raw & ~HighBit56);
            original = (raw & HighBit56) != 0 ? FromMicroseconds(body.ReadUIntN(7)) : immediate;
        }
        if (!body.IsAtEnd)
            transactionLength = (long)body.ReadLengthEncodedInteger();
        // Server versions (u32, top bit: original version follows) are not exposed.
        return new MySqlGtidEvent(header, file, gtid, flags, lastCommitted, sequenceNumber, immediate, original, transactionLength);
    }

    /// <summary>MariaDB GTID body: sequence u64, domain u32, flags u8, then the commit id u64 when flag 0x02 is set.</summary>
    public static MariaDbGtidEvent DecodeMariaDb(BinlogEventHeader header, string file, PacketReader body)
    {
        var sequence = body.ReadUInt64();
        var domain = body.ReadUInt32();
        var flags = (MariaDbGtidFlags)body.ReadByte();
        ulong? commitId = flags.HasFlag(MariaDbGtidFlags.GroupCommitId) && body.Remaining >= 8 ? body.ReadUInt64() : null;
        return new MariaDbGtidEvent(header, file, new MariaDbGtid(domain, header.ServerId, sequence), flags, commitId);
    }

    /// <summary>GTID_LIST body: count u32 (low 28 bits; the top 4 are flags), then domain u32, server u32, sequence u64 each.</summary>
    public static GtidListEvent DecodeGtidList(BinlogEventHeader header, string file, PacketReader body)
    {
        var count = (int)(body.ReadUInt32() & 0x0FFFFFFF);
        if (count > body.Remaining / GtidListEntrySize)
            throw new BinlogProtocolException(
                $"GTID_LIST event in {file} before position {header.NextPosition} claims {count} GTIDs but carries only {body.Remaining} byte(s) for them.");
        var gtids = new MariaDbGtid[count];
        for (var i = 0; i < count; i++)
            gtids[i] = new MariaDbGtid(body.ReadUInt32(), body.ReadUInt32(), body.ReadUInt64());
        return new GtidListEvent(header, file, gtids);
    }

    /// <summary>7 bytes of microseconds reach beyond year 9999: such a timestamp is corrupt.</summary>
    private static DateTimeOffset FromMicroseconds(ulong micros) =>
        micros <= MaxMicroseconds
            ? DateTimeOffset.UnixEpoch.AddTicks((long)micros * 10)
            : throw new BinlogProtocolException($"GTID event commit timestamp of {micros} microseconds since 1970 is beyond year 9999.");
}
