namespace Cdc.Binlog;

/// <summary>
/// TABLE_MAP (19): binds a table id to a table and its columns for the row events that follow
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Table__map__event.html).
/// Without <c>binlog_row_metadata=FULL</c> on the server the columns have no names, ENUM/SET no symbols and
/// the table no primary key: check <see cref="HasFullMetadata"/>.
/// </summary>
/// <param name="Header">The common event header.</param>
/// <param name="FileName">Binlog file the event was read from.</param>
/// <param name="TableId">The id row events refer to; valid until the table's definition changes.</param>
/// <param name="Database">Database (schema) name.</param>
/// <param name="Table">Table name.</param>
/// <param name="Columns">The columns in table order.</param>
/// <param name="PrimaryKey">Primary key columns in key order (FULL metadata), or empty when none or not logged.</param>
public sealed record TableMapEvent(
    BinlogEventHeader Header,
    string FileName,
    ulong TableId,
    string Database,
    string Table,
    IReadOnlyList<ColumnInfo> Columns,
    IReadOnlyList<PrimaryKeyColumn> PrimaryKey) : BinlogEvent(Header, FileName)
{
    /// <summary>
    /// True when the server logged the full optional metadata (column names, ENUM/SET symbols, primary key):
    /// <c>binlog_row_metadata=FULL</c>. When false, column names are unknown and a capturer should ask for
    /// <c>SET GLOBAL binlog_row_metadata=FULL</c> (and the same in the server's configuration file).
    /// </summary>
    public bool HasFullMetadata => Columns.Count == 0 || Columns.All(c => c.Name is not null);

    /// <summary>The column with the given name (case-insensitive), or null; needs FULL metadata.</summary>
    public ColumnInfo? FindColumn(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
