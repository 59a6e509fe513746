namespace Cdc.Binlog;

/// <summary>MariaDB BINLOG_CHECKPOINT (161): the oldest binlog file the server still needs for crash recovery.</summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
/// <param name="CheckpointFile">The file named by the checkpoint.</param>
public sealed record BinlogCheckpointEvent(BinlogEventHeader Header, string FileName, string CheckpointFile)
    : BinlogEvent(Header, FileName);
