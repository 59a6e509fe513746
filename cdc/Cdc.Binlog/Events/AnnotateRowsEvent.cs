namespace Cdc.Binlog;

/// <summary>
/// MariaDB ANNOTATE_ROWS (160): the SQL statement whose row events follow. Sent only when
/// <see cref="BinlogClientOptions.RequestAnnotateRows"/> is set and binlog_annotate_row_events=ON.
/// </summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
/// <param name="Sql">The statement text.</param>
public sealed record AnnotateRowsEvent(BinlogEventHeader Header, string FileName, string Sql) : BinlogEvent(Header, FileName);
