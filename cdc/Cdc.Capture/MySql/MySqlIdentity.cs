using Cdc.Capture.Reading;
using Cdc.Connections;

namespace Cdc.Capture.MySql;

/// <summary>
/// A MySQL server's identity is its <c>server_uuid</c>, generated with a new data directory (so a server rebuilt from a
/// dump has a new one). MariaDB has none: its <c>server_uid</c> hashes the host's MAC address and the port, and
/// <c>gtid_domain_id</c> and <c>server_id</c> come from the configuration, so together they tell another server apart
/// but not one rebuilt on the same host, port and configuration.
/// </summary>
internal static class MySqlIdentity
{
    public static async Task<SourceIdentity> ReadAsync(DatabaseUri source, CaptureOptions options, CancellationToken ct)
    {
        await using var client = await MySqlSourceChecks.ConnectAsync(source, options, ct);
        if (!client.IsMariaDb)
            return new SourceIdentity($"mysql:{(await client.QueryAsync("SELECT @@server_uuid", ct)).Rows[0][0]}", "");
        var row = (await client.QueryAsync("SELECT @@server_uid, @@gtid_domain_id, @@server_id", ct)).Rows[0];
        return new SourceIdentity($"mariadb:{row[0]}:{row[1]}-{row[2]}", "");
    }
}
