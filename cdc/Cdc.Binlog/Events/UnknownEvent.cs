namespace Cdc.Binlog;

/// <summary>An event of a type this library does not decode; skipped by its length, body kept as read.</summary>
/// <param name="Header">The common event header; <see cref="BinlogEventHeader.EventType"/> may be a value without enum member.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
/// <param name="Body">The event body without header and checksum.</param>
public sealed record UnknownEvent(BinlogEventHeader Header, string FileName, ReadOnlyMemory<byte> Body)
    : BinlogEvent(Header, FileName);
