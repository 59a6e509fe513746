namespace Cdc.Binlog;

/// <summary>
/// The common 19-byte header of every binlog event (v4 format,
/// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html#sect_protocol_replication_binlog_event_header).
/// </summary>
/// <param name="Timestamp">Seconds since the Unix epoch when the statement started on the source.</param>
/// <param name="EventType">Event type code.</param>
/// <param name="ServerId">Server id of the server that wrote the event first.</param>
/// <param name="EventSize">Size of the whole event in bytes: header, body and checksum.</param>
/// <param name="NextPosition">Position of the next event in the same file (0 for artificial events).</param>
/// <param name="Flags">Event flags (e.g. 0x20 LOG_EVENT_ARTIFICIAL_F).</param>
public readonly record struct BinlogEventHeader(
    uint Timestamp, BinlogEventType EventType, uint ServerId, uint EventSize, uint NextPosition, ushort Flags)
{
    /// <summary>Size of the header in bytes.</summary>
    public const int Size = 19;

    /// <summary>The flag the server sets on events it made up for the dump (the first ROTATE).</summary>
    public const ushort ArtificialFlag = 0x20;

    /// <summary><see cref="Timestamp"/> as a UTC time.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    /// <summary>True for events the server generated for this dump rather than read from the file.</summary>
    public bool IsArtificial => (Flags & ArtificialFlag) != 0;
}
