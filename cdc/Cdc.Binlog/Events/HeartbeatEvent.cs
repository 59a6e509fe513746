namespace Cdc.Binlog;

/// <summary>
/// HEARTBEAT (27): the source is alive and has nothing new; its header's NextPosition is the source's current
/// position in <see cref="LogFile"/>. Not stored in the binlog.
/// </summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file being read.</param>
/// <param name="LogFile">The source's current binlog file as the heartbeat names it.</param>
public sealed record HeartbeatEvent(BinlogEventHeader Header, string FileName, string LogFile) : BinlogEvent(Header, FileName);
