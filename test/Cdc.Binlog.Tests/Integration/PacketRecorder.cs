using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Tests.Integration;

/// <summary>
/// Records the raw binlog event packets a real server sends between two positions, as a replica receives them
/// (non-blocking COM_BINLOG_DUMP, so the server ends the dump with EOF at the end of its binlog): the corpus of
/// the fuzz tests (Fuzz/mariadb-events.hex).
/// </summary>
internal static class PacketRecorder
{
    /// <summary>The event bytes (header, body, checksum) of every event from <paramref name="from"/> to the end of the binlog.</summary>
    public static async Task<List<byte[]>> RecordAsync(BinlogClientOptions options, BinlogPosition from)
    {
        await using var connection = await ServerConnection.OpenAsync(options, default);
        await connection.QueryAsync("SET @master_binlog_checksum = @@global.binlog_checksum", default);
        await connection.QueryAsync("SET @mariadb_slave_capability = 4", default);
        await connection.SendCommandAsync(Commands.RegisterReplica(options.ServerId, "recorder", options.User, 0), default);
        await connection.ReadAsync(default);
        await connection.SendCommandAsync(
            Commands.BinlogDump(from.File, from.Position, Commands.DumpNonBlocking | Commands.DumpSendAnnotateRows, options.ServerId), default);
        var events = new List<byte[]>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var packet = await connection.ReadAsync(timeout.Token);
            if (packet.Length == 0 || packet[0] != 0x00)
                return events;
            events.Add(packet[1..]);
        }
    }

    /// <summary>One event per line in hex; lines starting with '#' are comments.</summary>
    public static string ToHexLines(IEnumerable<byte[]> events, string comment) =>
        string.Join('\n', comment.Split('\n').Select(l => "# " + l).Concat(events.Select(Convert.ToHexString))) + "\n";
}
