namespace Cdc.Binlog;

/// <summary>
/// An event read from the binlog. Each concrete event type is a sealed, immutable record; events this library
/// does not decode arrive as <see cref="UnknownEvent"/>.
/// </summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
public abstract record BinlogEvent(BinlogEventHeader Header, string FileName)
{
    /// <summary>
    /// Where the event after this one starts: a position to resume from once this event is durably handled
    /// (resume at transaction boundaries: after an XID or COMMIT, so the row events find their TABLE_MAP).
    /// </summary>
    public BinlogPosition NextPosition => new(FileName, Header.NextPosition);
}
