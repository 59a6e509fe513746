using Cdc.Model;
using Cdc.Appliers.Writing.Evolution;
using Cdc.Connections;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using Npgsql;

namespace Cdc.Appliers.Writing;

/// <summary>Opens the writer for the target's engine (the engine comes from the URI scheme).</summary>
public static class TargetWriters
{
    /// <summary>
    /// MySQL sessions run in UTC (timestamps are sent as UTC text) and accept the zero date (what −infinity becomes).
    /// Nothing depends on the session's backslash setting: names and values are parameters, constants hex (MySqlQuoting).
    /// NO_BACKSLASH_ESCAPES is not set: MySqlConnector would still escape a NUL byte of a binary parameter as <c>\0</c>.
    /// </summary>
    private const string MySqlSession =
        "SET time_zone = '+00:00', sql_mode = REPLACE(REPLACE(@@sql_mode, 'NO_ZERO_IN_DATE', ''), 'NO_ZERO_DATE', '')";

    /// <summary>A writer for checkpoints and locks only (offsets, status): it applies no records, so it needs no table history.</summary>
    public static Task<ITargetWriter> OpenAsync(DatabaseUri target, ILogger logger, CancellationToken ct) =>
        OpenAsync(target, new NoHistory(), DroppedColumnPolicy.Keep, TruncatePolicy.Auto, null, logger, ct);

    /// <summary>A writer that applies records; <paramref name="metrics"/> counts the truncates it refuses (none for <c>cdc replay</c>).</summary>
    public static async Task<ITargetWriter> OpenAsync(
        DatabaseUri target, ITableHistory history, DroppedColumnPolicy droppedColumns, TruncatePolicy truncates, ApplyMetrics? metrics, ILogger logger, CancellationToken ct)
    {
        switch (target.Engine)
        {
            case DatabaseEngine.Postgres:
                // The applier sends the same few statements over and over: let Npgsql prepare them once.
                var connection = new NpgsqlConnection(target.ToConnectionString() + ";Max Auto Prepare=64;Auto Prepare Min Usages=2");
                await OpenOrExplainAsync(connection, target, ct);
                var dialect = new PostgresDialect();
                return new SqlTargetWriter(connection, dialect, "public", new TableEvolver(connection, dialect, history, droppedColumns, logger), truncates, metrics, logger);
            case DatabaseEngine.MySql:
                // Table evolution reads the catalog inside a target transaction left open for pieces (SqlTargetWriter.Pieces).
                var mysql = new MySqlConnection(target.ToConnectionString() + ";Ignore Command Transaction=true");
                await OpenOrExplainAsync(mysql, target, ct);
                await using (var session = new MySqlCommand(MySqlSession, mysql))
                    await session.ExecuteNonQueryAsync(ct);
                var mysqlDialect = new MySqlDialect();
                return new SqlTargetWriter(mysql, mysqlDialect, target.Database, new TableEvolver(mysql, mysqlDialect, history, droppedColumns, logger), truncates, metrics, logger);
            default:
                throw new ApplyException($"Applying to {target.Engine} targets is not supported by this build.");
        }
    }

    private static async Task OpenOrExplainAsync(System.Data.Common.DbConnection connection, DatabaseUri target, CancellationToken ct)
    {
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (Exception e) when (e is PostgresException { SqlState: "28P01" or "28000" or "3D000" }
                                   or MySqlException { ErrorCode: MySqlErrorCode.AccessDenied or MySqlErrorCode.UnknownDatabase })
        {
            await connection.DisposeAsync();
            throw new ApplyException($"Cannot connect to target {target}: {e.Message}. Check the user, password and database in --target.", inner: e);
        }
    }

    /// <summary>No versions beyond the record's own: tables are created as the record describes them.</summary>
    private sealed class NoHistory : ITableHistory
    {
        public IReadOnlyList<TableDefinition> Versions(string office, TableId table) => [];
    }
}
