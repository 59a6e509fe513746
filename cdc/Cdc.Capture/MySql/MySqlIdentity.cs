using Cdc.Binlog;
using Cdc.Capture.Reading;
using Cdc.Connections;
using Cdc.Positions;

namespace Cdc.Capture.MySql;

/// <summary>
/// A MySQL server's identity is its <c>server_uuid</c>, generated with a new data directory (so a server rebuilt from a
/// dump has a new one). MariaDB has none: its <c>server_uid</c> hashes the host's MAC address and the port, and
/// <c>gtid_domain_id</c> and <c>server_id</c> come from the configuration, so together they tell another server apart
/// but not one rebuilt on the same host, port and configuration.
/// </summary>
internal static class MySqlIdentity
{
    private const int WrongOffset = 1220; // ER_ERROR_WHEN_EXECUTING_COMMAND: "Wrong offset or I/O error"

    public static async Task<SourceIdentity> ReadAsync(DatabaseUri source, CaptureSettings options, CancellationToken ct)
    {
        await using var client = await MySqlSourceChecks.ConnectAsync(source, options, ct);
        if (!client.IsMariaDb)
            return new SourceIdentity($"mysql:{(await client.QueryAsync("SELECT @@server_uuid", ct)).Rows[0][0]}", "");
        var row = (await client.QueryAsync("SELECT @@server_uid, @@gtid_domain_id, @@server_id", ct)).Rows[0];
        return new SourceIdentity($"mariadb:{row[0]}:{row[1]}-{row[2]}", "");
    }

    /// <summary>
    /// Whether the server's binlog still starts the stream's last transaction where the stream says: its GTID event at
    /// that position, or on a server without GTIDs any event. A server rebuilt in place (same host, port and
    /// configuration, which MariaDB's identity cannot tell apart) or reset (RESET MASTER) numbers its binlog anew, so
    /// another event, or none, is there. Returns what is there instead, or null when it matches, when the file is gone
    /// (the reader then reports the purge) or when the record is one of the initial snapshot (no event of its own).
    /// </summary>
    public static async Task<string?> TransactionMissingAsync(DatabaseUri source, CaptureSettings options, SourcePosition last, string transactionId, CancellationToken ct)
    {
        if (transactionId.StartsWith("snapshot@", StringComparison.Ordinal))
            return null;
        await using var client = await MySqlSourceChecks.ConnectAsync(source, options, ct);
        var file = (await client.QueryAsync("SHOW BINARY LOGS", ct)).Rows.Select(r => r[0]!)
            .FirstOrDefault(f => new BinlogPosition(f, BinlogPosition.FileStart).FileSequence == (long)last.Log);
        if (file is null)
            return null;
        QueryResult events;
        try
        {
            // A binlog file name is letters, digits, dots, dashes and underscores (SHOW BINLOG EVENTS takes no hex literal).
            events = await client.QueryAsync($"SHOW BINLOG EVENTS IN '{file.Replace("'", "''", StringComparison.Ordinal)}' FROM {last.Offset} LIMIT 1", ct);
        }
        catch (BinlogServerException e) when (e.ErrorCode == WrongOffset)
        {
            return $"no event starts at {file}:{last.Offset} ({e.ServerMessage})";
        }
        if (events.Rows.Count == 0)
            return $"{file} ends before {last.Offset}";
        var (type, info) = (events.Rows[0][2] ?? "", events.Rows[0][5] ?? "");
        if (!IsGtid(transactionId) || info.Split(' ', '\'').Any(token => token.Equals(transactionId, StringComparison.OrdinalIgnoreCase)))
            return null;
        return $"the event at {file}:{last.Offset} is {type} '{info}'";
    }

    /// <summary>A GTID, not the binlog position that stands for a transaction id on a server without GTIDs.</summary>
    private static bool IsGtid(string text)
    {
        try
        {
            if (text.Contains(':', StringComparison.Ordinal))
                MySqlGtid.Parse(text);
            else
                MariaDbGtid.Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
