using Cdc.Connections;
using Npgsql;

namespace Cdc.Cli.Operations;

/// <summary>
/// What a source database says about its capturers. On PostgreSQL, each pgoutput replication slot (a capturer's
/// <c>cdc_&lt;office&gt;</c> by default): whether a capturer is attached, its confirmed LSN, and the WAL the server
/// retains for it. On MySQL/MariaDB (<see cref="BinlogCapturers"/>), each office's capturer: attached or not, the binlog
/// position of its stream's last record, and how many binlog bytes and files the server wrote since.
/// </summary>
internal sealed record CapturerState(
    string Office, string Source, string Slot, string State, string? ConfirmedPosition, string? ServerPosition, long? RetainedBytes,
    long? BinlogBytesBehind = null, long? BinlogFilesBehind = null)
{
    public static readonly string[] Columns =
        ["office", "source", "slot", "state", "confirmed_position", "server_position", "retained_wal_bytes", "binlog_bytes_behind", "binlog_files_behind"];

    public object?[] Row() => [Office, Source, Slot, State, ConfirmedPosition, ServerPosition, RetainedBytes, BinlogBytesBehind, BinlogFilesBehind];

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
