namespace Cdc.Binlog;

/// <summary>
/// The log continues in <see cref="NextFile"/> at <see cref="NextFilePosition"/>. The server also sends an
/// artificial one first in every dump to name the file it starts in (its header position is 0: use
/// <see cref="Target"/>, not <see cref="BinlogEvent.NextPosition"/>).
/// </summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from (for the artificial first one: the file it names).</param>
/// <param name="NextFile">The file reading continues in.</param>
/// <param name="NextFilePosition">The position in <paramref name="NextFile"/>, normally 4.</param>
public sealed record RotateEvent(BinlogEventHeader Header, string FileName, string NextFile, long NextFilePosition)
    : BinlogEvent(Header, FileName)
{
    /// <summary>Where reading continues.</summary>
    public BinlogPosition Target => new(NextFile, NextFilePosition);
}
