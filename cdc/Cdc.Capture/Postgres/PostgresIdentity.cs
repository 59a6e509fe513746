using System.Globalization;
using Cdc.Capture.Reading;
using Cdc.Connections;
using Npgsql;

namespace Cdc.Capture.Postgres;

/// <summary>
/// A PostgreSQL cluster's identity: the system identifier initdb chose (a cluster restored from a dump has a new one;
/// a physical standby promoted by a failover keeps it) and, informational, the timeline.
/// </summary>
internal static class PostgresIdentity
{
    public static async Task<SourceIdentity> ReadAsync(DatabaseUri source, CancellationToken ct)
    {
        await using var connection = await PostgresSourceChecks.ConnectAsync(source, ct);
        await using var command = new NpgsqlCommand(
            "SELECT s.system_identifier, c.timeline_id FROM pg_control_system() s, pg_control_checkpoint() c", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new SourceIdentity(
            $"postgresql:{reader.GetInt64(0).ToString(CultureInfo.InvariantCulture)}",
            $"timeline={reader.GetInt32(1).ToString(CultureInfo.InvariantCulture)}");
    }
}
