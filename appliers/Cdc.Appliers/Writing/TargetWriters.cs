using Cdc.Appliers.Writing.Evolution;
using Cdc.Connections;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cdc.Appliers.Writing;

/// <summary>Opens the writer for the target's engine (the engine comes from the URI scheme).</summary>
public static class TargetWriters
{
    public static async Task<ITargetWriter> OpenAsync(DatabaseUri target, ITableHistory history, DroppedColumnPolicy droppedColumns, ILogger logger, CancellationToken ct)
    {
        switch (target.Engine)
        {
            case DatabaseEngine.Postgres:
                // The applier sends the same few statements over and over: let Npgsql prepare them once.
                var connection = new NpgsqlConnection(target.ToConnectionString() + ";Max Auto Prepare=64;Auto Prepare Min Usages=2");
                await OpenOrExplainAsync(connection, target, ct);
                var dialect = new PostgresDialect();
                return new SqlTargetWriter(connection, dialect, "public", new TableEvolver(connection, dialect, history, droppedColumns, logger), logger);
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
        catch (PostgresException e) when (e.SqlState is "28P01" or "28000" or "3D000")
        {
            await connection.DisposeAsync();
            throw new ApplyException($"Cannot connect to target {target}: {e.MessageText}. Check the user, password and database in --target.", inner: e);
        }
    }
}
