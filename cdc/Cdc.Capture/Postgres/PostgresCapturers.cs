using Cdc.Connections;
using Npgsql;

namespace Cdc.Capture.Postgres;

/// <summary>What a PostgreSQL source says about its capturers: its pgoutput replication slots in this database.</summary>
internal static class PostgresCapturers
{
    /// <summary>A PostgreSQL source's slots.</summary>
    public static async Task<List<CapturerState>> ReadAsync(DatabaseUri source, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(source.ToConnectionString());
        await connection.OpenAsync(ct);
        const string sql = """
            SELECT slot_name, active, confirmed_flush_lsn::text, pg_current_wal_insert_lsn()::text,
                   pg_wal_lsn_diff(pg_current_wal_insert_lsn(), restart_lsn)::bigint
            FROM pg_replication_slots WHERE plugin = 'pgoutput' AND database = current_database() ORDER BY slot_name
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var states = new List<CapturerState>();
        while (await reader.ReadAsync(ct))
        {
            var slot = reader.GetString(0);
            states.Add(new CapturerState(
                slot.StartsWith("cdc_", StringComparison.Ordinal) ? slot[4..] : slot,
                source.ToString(),
                slot,
                reader.GetBoolean(1) ? "capturing" : "stopped (slot inactive)",
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4)));
        }
        return states;
    }
}
