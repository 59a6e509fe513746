using Cdc.Binlog;
using Cdc.Connections;
using Cdc.Model;
using Microsoft.Extensions.Logging;

namespace Cdc.Capture.MySql;

/// <summary>
/// What <see cref="MySqlBinlogReader"/> makes of a binlog statement on tables (<see cref="MySqlTableStatement"/>) of its
/// database: the table a TRUNCATE empties, described as its row events describe it; DROP TABLE and RENAME TABLE logged
/// and counted, not published.
/// </summary>
internal sealed partial class BinlogTableStatements(DatabaseUri source, BinlogClient catalog, MySqlTypeMapper mapper, CaptureMetrics metrics, ILogger logger)
{
    /// <summary>
    /// The truncated table as its row events describe it: from its last TABLE_MAP, else from the catalog the way the
    /// snapshot describes it (same schema version). Null for a table of another database, or one dropped since.
    /// </summary>
    public async Task<TableDefinition?> TruncatedTableAsync(TableId table, QueryEvent query, CancellationToken ct)
    {
        if (!table.Schema.Equals(source.Database, StringComparison.OrdinalIgnoreCase))
            return null;
        table = table with { Schema = source.Database };
        if (mapper.Known(table) is { } known)
            return known;
        var described = await new MySqlSnapshotCatalog(catalog, mapper).DescribeAsync(
            source.Database, t => t.Name.Equals(table.Name, StringComparison.OrdinalIgnoreCase), ct);
        if (described.Count > 0)
            return described[0].Table.Definition;
        LogTruncatedTableGone(logger, table.ToString(), $"{query.FileName}:{query.Header.NextPosition}");
        return null;
    }

    /// <summary>DROP TABLE and RENAME TABLE of this database's tables: not records, but logged and counted.</summary>
    public void SchemaEvent(MySqlTableStatement statement, QueryEvent query)
    {
        var tables = statement.Tables.Where(t => t.Schema.Equals(source.Database, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (tables.Length == 0)
            return;
        var kind = statement.Action.ToString().ToLowerInvariant();
        metrics.SchemaEvent(kind);
        LogSchemaEvent(logger, kind, string.Join(", ", tables), $"{query.FileName}:{query.Header.NextPosition}");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "TRUNCATE of {Table} at {Binlog} not published: the table is not on the source any more, so it cannot be described")]
    private static partial void LogTruncatedTableGone(ILogger logger, string table, string binlog);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema event at {Binlog}: {Kind} table {Tables} (not a record: targets keep their copies; their rows stay as they were)")]
    private static partial void LogSchemaEvent(ILogger logger, string kind, string tables, string binlog);
}
