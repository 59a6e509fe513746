using System.Globalization;
using Cdc.Binlog;

namespace Cdc.Capture.MySql;

/// <summary>
/// Opens a consistent read (REPEATABLE READ, <c>START TRANSACTION WITH CONSISTENT SNAPSHOT</c>) on a connection and
/// returns the binlog position that matches it exactly: every transaction the read sees is written before that
/// position, every other one after it.
/// <list type="bullet">
/// <item>MariaDB (5.3 and later): the session status <c>binlog_snapshot_file</c> / <c>binlog_snapshot_position</c>
/// reports the position of the snapshot itself (https://mariadb.com/kb/en/enhancements-for-start-transaction-with-consistent-snapshot/):
/// no lock at all.</item>
/// <item>MySQL: no such status, so the position is pinned the way mysqldump --single-transaction --master-data does it:
/// <c>FLUSH TABLES WITH READ LOCK</c>, start the snapshot, <c>SHOW MASTER STATUS</c>, <c>UNLOCK TABLES</c>. Writers
/// wait for the few milliseconds between lock and unlock (plus whatever long statement the flush waits for). Untested
/// against a real MySQL server.</item>
/// </list>
/// </summary>
internal static class MySqlConsistentRead
{
    public enum Method
    {
        /// <summary>MariaDB: the snapshot's own binlog position, no lock.</summary>
        SnapshotStatus,
        /// <summary>MySQL: a global read lock held only while the snapshot starts and the position is read.</summary>
        ShortReadLock,
    }

    private const int SpecificAccessDenied = 1227;
    private static readonly Version FirstWithSnapshotStatus = new(5, 3);

    public static Method Choose(bool isMariaDb, string serverVersion) =>
        isMariaDb && VersionOf(serverVersion) >= FirstWithSnapshotStatus ? Method.SnapshotStatus : Method.ShortReadLock;

    public static async Task<BinlogPosition> OpenAsync(BinlogClient client, CancellationToken ct)
    {
        var method = Choose(client.IsMariaDb, client.ServerVersion);
        if (method == Method.ShortReadLock)
            await LockBrieflyAsync(client, ct);
        await client.QueryAsync("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", ct);
        await client.QueryAsync("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", ct);
        if (method == Method.ShortReadLock)
        {
            var position = await client.GetCurrentPositionAsync(ct);
            await client.QueryAsync("UNLOCK TABLES", ct);
            return position;
        }
        var status = (await client.QueryAsync("SHOW STATUS LIKE 'binlog_snapshot_%'", ct)).Rows
            .ToDictionary(r => r[0]!.ToLowerInvariant(), r => r[1]);
        return status.TryGetValue("binlog_snapshot_file", out var file) && !string.IsNullOrEmpty(file)
               && long.TryParse(status.GetValueOrDefault("binlog_snapshot_position"), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? new BinlogPosition(file, offset)
            : throw new CaptureException(
                $"MariaDB {client.ServerVersion} reported no binlog_snapshot_file/binlog_snapshot_position for a consistent snapshot: binary logging must be on (log_bin).");
    }

    private static async Task LockBrieflyAsync(BinlogClient client, CancellationToken ct)
    {
        try
        {
            await client.QueryAsync("FLUSH TABLES WITH READ LOCK", ct);
        }
        catch (BinlogServerException e) when (e.ErrorCode == SpecificAccessDenied)
        {
            throw new CaptureException(
                $"The consistent snapshot on MySQL {client.ServerVersion} pins its binlog position with a brief FLUSH TABLES WITH READ LOCK, which needs RELOAD ({e.ServerMessage}). " +
                "As an administrator run: GRANT RELOAD ON *.* TO '<capture user>'@'<host>'; or start the capturer with --snapshot-mode never and load the targets another way.", inner: e);
        }
    }

    /// <summary>The leading numbers of a version string such as <c>10.11.19-MariaDB-0+deb12u1-log</c> or <c>8.0.36</c>.</summary>
    private static Version VersionOf(string text)
    {
        var numbers = text.Split('-')[0].Split('.').Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).ToArray();
        return new Version(numbers.ElementAtOrDefault(0), numbers.ElementAtOrDefault(1));
    }
}
