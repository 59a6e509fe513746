using System.Globalization;
using System.Net.Sockets;
using Cdc.Binlog;
using Cdc.Connections;

namespace Cdc.Capture.MySql;

/// <summary>
/// What must hold before a MySQL/MariaDB capture starts: the login works, the binlog is on and written as row events
/// with full images and full table metadata, and the account may read it (REPLICATION SLAVE, REPLICATION CLIENT).
/// Each failure says which setting or grant to change and how.
/// </summary>
internal static class MySqlSourceChecks
{
    private const int AccessDenied = 1045;
    private const int HostNotAllowed = 1130;
    private const int UnknownDatabase = 1049;

    /// <summary>A replica identity per office, so that two capturers on one server do not evict each other.</summary>
    public static BinlogClientOptions ClientOptions(DatabaseUri source, CaptureSettings options) => new()
    {
        Host = source.Host,
        Port = source.Port,
        User = source.User,
        Password = source.Password,
        Database = source.Database,
        ServerId = ServerIdOf(options.Office),
        HeartbeatPeriod = TimeSpan.FromSeconds(10),
        SslMode = source.Tls.Mode switch
        {
            TlsMode.Disable => BinlogSslMode.Disabled,
            TlsMode.Prefer => BinlogSslMode.Preferred,
            TlsMode.Require => BinlogSslMode.Required,
            TlsMode.VerifyCa => BinlogSslMode.VerifyCa,
            _ => BinlogSslMode.VerifyFull,
        },
        RemoteCertificateValidation = source.Tls.Verifies
            ? ServerCertificateCheck.For(source.Tls.CaFile, checkHostName: source.Tls.Mode == TlsMode.VerifyFull).Callback
            : null,
        AllowCleartextPasswordOverUnverifiedTls = source.Tls.AllowUnverifiedCleartextPassword,
    };

    public static async Task<BinlogClient> ConnectAsync(DatabaseUri source, CaptureSettings options, CancellationToken ct)
    {
        try
        {
            return await BinlogClient.ConnectAsync(ClientOptions(source, options), ct);
        }
        catch (BinlogServerException e) when (e.ErrorCode is AccessDenied or HostNotAllowed)
        {
            throw new CaptureException(
                $"Cannot log in to {source} as '{source.User}': {e.ServerMessage}. Check the user and password in --source, " +
                $"and that the account exists for this host (SELECT user, host FROM mysql.user).", inner: e);
        }
        catch (BinlogSecurityException e)
        {
            throw new CaptureException($"Cannot read the binlog of {source} securely: {e.Message}", inner: e);
        }
        catch (BinlogServerException e) when (e.ErrorCode == UnknownDatabase)
        {
            throw new CaptureException($"Database '{source.Database}' does not exist on {source.Host}:{source.Port}: fix the database name in --source.", inner: e);
        }
        catch (Exception e) when (e is BinlogProtocolException or TimeoutException or SocketException or IOException)
        {
            throw new CaptureException($"MySQL/MariaDB at {source.Host}:{source.Port} is unreachable ({e.Message}); check the source URI and that the server runs", retryable: true, inner: e);
        }
    }

    public static async Task CheckAsync(BinlogClient client, DatabaseUri source, CancellationToken ct)
    {
        var settings = await client.QueryAsync(
            "SELECT @@GLOBAL.log_bin, @@GLOBAL.binlog_format, @@GLOBAL.binlog_row_image, @@GLOBAL.binlog_row_metadata", ct);
        var row = settings.Rows[0];
        if (row[0] != "1")
            throw new CaptureException(
                $"Binary logging is off on {source} (log_bin = {row[0]}); the capturer reads the binlog. " +
                "Add log_bin = <name> and server_id = <n> to the [mysqld] section of the server's configuration, then restart the server.");
        Require(source, "binlog_format", row[1], "ROW");
        Require(source, "binlog_row_image", row[2], "FULL");
        Require(source, "binlog_row_metadata", row[3], "FULL");
        await CheckGrantsAsync(client, source, ct);
    }

    /// <summary>Bytes per character of each collation: VARCHAR lengths in the binlog are in bytes, columns in characters.</summary>
    public static async Task<IReadOnlyDictionary<int, int>> CollationWidthsAsync(BinlogClient client, CancellationToken ct)
    {
        var result = await client.QueryAsync(
            "SELECT co.ID, cs.MAXLEN FROM information_schema.COLLATIONS co " +
            "JOIN information_schema.CHARACTER_SETS cs ON cs.CHARACTER_SET_NAME = co.CHARACTER_SET_NAME", ct);
        return result.Rows.Where(r => r[0] is not null && r[1] is not null)
            .ToDictionary(r => int.Parse(r[0]!, CultureInfo.InvariantCulture), r => int.Parse(r[1]!, CultureInfo.InvariantCulture));
    }

    private static void Require(DatabaseUri source, string variable, string? actual, string expected)
    {
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            throw new CaptureException(
                $"{variable} is '{actual}' on {source}; the capturer needs {expected}. " +
                $"Run SET GLOBAL {variable} = '{expected}'; and add {variable} = {expected} to the server's configuration so that it survives a restart. " +
                "Sessions already open keep the old value: restart the applications' connections.");
    }

    /// <summary>
    /// REPLICATION SLAVE lets the account read the binlog, REPLICATION CLIENT (MariaDB 10.5+: BINLOG MONITOR) lets it see
    /// the binlog files and positions. ALL PRIVILEGES includes both; MariaDB may spell them REPLICA / BINLOG MONITOR.
    /// </summary>
    private static async Task CheckGrantsAsync(BinlogClient client, DatabaseUri source, CancellationToken ct)
    {
        var grants = await client.QueryAsync("SHOW GRANTS FOR CURRENT_USER()", ct);
        var global = grants.Rows.Select(r => r[0] ?? "")
            .Where(g => g.Contains(" ON *.* ", StringComparison.OrdinalIgnoreCase))
            .Select(g => g.ToUpperInvariant()).ToArray();
        bool Has(params string[] names) => global.Any(g => g.Contains("ALL PRIVILEGES", StringComparison.Ordinal) || names.Any(n => g.Contains(n, StringComparison.Ordinal)));
        var missing = new List<string>();
        if (!Has("REPLICATION SLAVE", "REPLICATION REPLICA"))
            missing.Add("REPLICATION SLAVE");
        if (!Has("REPLICATION CLIENT", "BINLOG MONITOR"))
            missing.Add("REPLICATION CLIENT");
        if (missing.Count > 0)
            throw new CaptureException(
                $"Account '{source.User}' lacks {string.Join(" and ", missing)} on {source}: it cannot read the binlog. " +
                $"As an administrator run: GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '{source.User}'@'<host>';");
    }

    /// <summary>FNV-1a of the office name, kept away from the small ids servers usually have.</summary>
    internal static uint ServerIdOf(string office)
    {
        var hash = 2166136261u;
        foreach (var c in office)
            hash = (hash ^ c) * 16777619u;
        return 0x4000_0000u | (hash & 0x3FFF_FFFFu);
    }
}
