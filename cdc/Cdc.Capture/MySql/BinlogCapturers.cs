using System.Globalization;
using Cdc.Binlog;
using Cdc.Connections;
using Cdc.Schemas.Registry;
using Cdc.Streams.Broker;
using Cdc.Streams.Consuming;
using MySqlConnector;

namespace Cdc.Capture.MySql;

/// <summary>
/// What a MySQL/MariaDB source says about the capturers of some offices: whether each is attached to the binlog (it
/// registers as a replica with a server id derived from its office, SHOW SLAVE HOSTS), where it stands (the source
/// position of the last record in its stream, which is where it resumes), and how far that is behind the server's
/// binlog in bytes and files.
/// </summary>
internal static class BinlogCapturers
{
    public static async Task<List<CapturerState>> ReadAsync(DatabaseUri source, IEnumerable<string> offices, BrokerEndpoint broker, CancellationToken ct)
    {
        await using var connection = new MySqlConnection(source.ToConnectionString());
        await connection.OpenAsync(ct);
        var server = (await QueryAsync(connection, "SHOW MASTER STATUS", r => new BinlogPosition(r.GetString(0), Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture)), ct))
            .FirstOrDefault();
        if (server.File is null)
            throw new CaptureException($"Binary logging is off on {source} (SHOW MASTER STATUS is empty): no capturer can read it. Start the server with log_bin, binlog_format=ROW and binlog_row_metadata=FULL.");
        var binlogs = await QueryAsync(connection, "SHOW BINARY LOGS", r => (r.GetString(0), Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture)), ct);
        var replicas = await ReplicasAsync(connection, ct);
        var states = new List<CapturerState>();
        foreach (var office in offices)
        {
            var serverId = MySqlSourceChecks.ServerIdOf(office);
            var attached = replicas is null
                ? $"unknown (SHOW SLAVE HOSTS was refused to {source.User}: GRANT REPLICATION MASTER ADMIN ON *.* (MariaDB) or REPLICATION SLAVE (MySQL) shows it)"
                : replicas.Contains(serverId) ? "capturing" : "stopped (not reading the binlog)";
            var stream = StreamNames.ForOffice(office);
            var last = await StreamResumePoint.ReadAsync(broker, stream, ct);
            var backlog = last is { } position ? BinlogBacklog.Measure(position, binlogs, server) : null;
            var state = (last, backlog) switch
            {
                (null, _) => $"{attached}; stream {stream} holds no record yet",
                (_, null) => $"{attached}; the binlog of its last record {last} was purged: see the capture's log",
                _ => attached,
            };
            states.Add(new CapturerState(office, source.ToString(), $"server_id {serverId}", state,
                backlog?.From.ToString() ?? last?.ToString(), server.ToString(), null, backlog?.Bytes, backlog?.Files));
        }
        return states;
    }

    /// <summary>The offices whose tables the registry knows in the MySQL source's database (MySQL subjects are office.database.table).</summary>
    public static string[] OfficesCapturing(DatabaseUri source, SchemaRegistry registry) =>
        registry.Subjects.Select(s => registry.Versions(s)[0]).Where(v => v.Table.Id.Schema == source.Database).Select(v => v.Office).Distinct().Order().ToArray();

    /// <summary>The server ids of the replicas reading the binlog now, or null when the account may not see them.</summary>
    private static async Task<HashSet<uint>?> ReplicasAsync(MySqlConnection connection, CancellationToken ct)
    {
        try
        {
            return (await QueryAsync(connection, "SHOW SLAVE HOSTS", r => Convert.ToUInt32(r.GetValue(0), CultureInfo.InvariantCulture), ct)).ToHashSet();
        }
        catch (MySqlException e) when (e.ErrorCode is MySqlErrorCode.SpecifiedAccessDeniedError or MySqlErrorCode.AccessDenied)
        {
            return null;
        }
    }

    private static async Task<List<T>> QueryAsync<T>(MySqlConnection connection, string sql, Func<MySqlDataReader, T> read, CancellationToken ct)
    {
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
            rows.Add(read(reader));
        return rows;
    }
}
