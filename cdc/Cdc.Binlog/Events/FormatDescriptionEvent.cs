namespace Cdc.Binlog;

/// <summary>
/// First event of every binlog file: the server version and the layout of the other events
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Format__description__event.html).
/// </summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
/// <param name="BinlogVersion">Binlog format version, 4 for every supported server.</param>
/// <param name="ServerVersion">Version of the server that wrote the file, e.g. "10.11.19-MariaDB-log".</param>
/// <param name="HeaderLength">Length of the common header, 19.</param>
/// <param name="PostHeaderLengths">Length of the fixed part of each event type's body, indexed by type code - 1.</param>
/// <param name="HasChecksum">True when events in this file end with a CRC32 checksum.</param>
public sealed record FormatDescriptionEvent(
    BinlogEventHeader Header,
    string FileName,
    ushort BinlogVersion,
    string ServerVersion,
    byte HeaderLength,
    IReadOnlyList<byte> PostHeaderLengths,
    bool HasChecksum) : BinlogEvent(Header, FileName);
