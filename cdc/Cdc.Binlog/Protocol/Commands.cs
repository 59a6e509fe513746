namespace Cdc.Binlog.Protocol;

/// <summary>
/// Payloads of the client commands this library sends
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_command_phase.html and
/// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication.html).
/// </summary>
internal static class Commands
{
    private const byte ComQuit = 0x01;
    private const byte ComQuery = 0x03;
    private const byte ComBinlogDump = 0x12;
    private const byte ComRegisterSlave = 0x15;
    private const byte ComBinlogDumpGtid = 0x1E;

    /// <summary>BINLOG_DUMP_NON_BLOCK: the server ends the dump with EOF instead of waiting for new events.</summary>
    public const ushort DumpNonBlocking = 0x01;

    /// <summary>MariaDB BINLOG_SEND_ANNOTATE_ROWS_EVENT: also send ANNOTATE_ROWS events.</summary>
    public const ushort DumpSendAnnotateRows = 0x02;

    /// <summary>BINLOG_THROUGH_GTID of COM_BINLOG_DUMP_GTID: the GTID set data follows.</summary>
    private const ushort DumpThroughGtid = 0x04;

    public static byte[] Quit() => [ComQuit];

    public static byte[] Query(string sql) => new PacketWriter().WriteByte(ComQuery).WriteString(sql).ToArray();

    /// <summary>COM_REGISTER_SLAVE: makes the client visible in SHOW SLAVE HOSTS / SHOW REPLICAS.</summary>
    public static byte[] RegisterReplica(uint serverId, string host, string user, ushort port) =>
        new PacketWriter()
            .WriteByte(ComRegisterSlave)
            .WriteUInt32(serverId)
            .WriteByteLengthString(host)
            .WriteByteLengthString(user)
            .WriteByteLengthString("")
            .WriteUInt16(port)
            .WriteUInt32(0) // replication rank, unused
            .WriteUInt32(0) // source id, filled in by the server
            .ToArray();

    /// <summary>COM_BINLOG_DUMP: position u32, flags u16, server id u32, file name (rest of packet).</summary>
    public static byte[] BinlogDump(string file, long position, ushort flags, uint serverId)
    {
        if (position is < 0 or > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(position), position,
                "COM_BINLOG_DUMP carries a 32-bit position; for files over 4 GiB start from a GTID instead.");
        return new PacketWriter()
            .WriteByte(ComBinlogDump)
            .WriteUInt32((uint)position)
            .WriteUInt16(flags)
            .WriteUInt32(serverId)
            .WriteString(file)
            .ToArray();
    }

    /// <summary>
    /// COM_BINLOG_DUMP_GTID (MySQL 5.6+): flags u16, server id u32, file name length u32, file name, position u64,
    /// then the encoded GTID set (length u32, data) of what the client already has.
    /// </summary>
    public static byte[] BinlogDumpGtid(byte[] encodedGtidSet, ushort flags, uint serverId, string file = "", long position = 4)
    {
        var name = System.Text.Encoding.UTF8.GetBytes(file);
        return new PacketWriter()
            .WriteByte(ComBinlogDumpGtid)
            .WriteUInt16((ushort)(flags | DumpThroughGtid))
            .WriteUInt32(serverId)
            .WriteUInt32((uint)name.Length)
            .WriteBytes(name)
            .WriteUInt64((ulong)position)
            .WriteUInt32((uint)encodedGtidSet.Length)
            .WriteBytes(encodedGtidSet)
            .ToArray();
    }
}
