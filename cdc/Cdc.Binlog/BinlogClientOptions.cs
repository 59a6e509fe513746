using System.Net.Security;

namespace Cdc.Binlog;

/// <summary>
/// Where and how <see cref="BinlogClient"/> connects. Immutable once built: set the properties in an object
/// initializer or parse a <c>mysql://user:password@host:port/database</c> URI with <see cref="FromUri"/>.
/// </summary>
public sealed class BinlogClientOptions
{
    /// <summary>Server host name or address. Default 127.0.0.1.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Server TCP port. Default 3306.</summary>
    public int Port { get; init; } = 3306;

    /// <summary>Account name. It needs REPLICATION SLAVE and REPLICATION CLIENT (MariaDB 10.5+: also BINLOG MONITOR).</summary>
    public required string User { get; init; }

    /// <summary>Account password; empty for none.</summary>
    public string Password { get; init; } = "";

    /// <summary>Default database of the session, or null for none (the binlog covers all databases anyway).</summary>
    public string? Database { get; init; }

    /// <summary>
    /// Server id this client presents as a replica. Must differ from the source's and every other replica's id,
    /// or the server disconnects one of them. Default 0x5EED_CDC.
    /// </summary>
    public uint ServerId { get; init; } = 0x5EED_CDC;

    /// <summary>TLS use. Default <see cref="BinlogSslMode.Preferred"/>.</summary>
    public BinlogSslMode SslMode { get; init; } = BinlogSslMode.Preferred;

    /// <summary>
    /// Custom server certificate check for <see cref="BinlogSslMode.VerifyCa"/> and <see cref="BinlogSslMode.VerifyFull"/>
    /// (e.g. against a private CA); it replaces the system store's check, host name included.
    /// </summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidation { get; init; }

    /// <summary>
    /// Let the client send the password in clear (mysql_clear_password, caching_sha2_password full authentication)
    /// over TLS whose certificate it did not verify (<see cref="BinlogSslMode.Preferred"/>, <see cref="BinlogSslMode.Required"/>),
    /// where a man in the middle can read it. Never over plain TCP. Default false.
    /// </summary>
    public bool AllowCleartextPasswordOverUnverifiedTls { get; init; }

    /// <summary>
    /// PEM of the server's RSA public key, for caching_sha2_password full authentication without TLS
    /// (the server's <c>caching_sha2_password_public_key_path</c> file).
    /// </summary>
    public string? ServerRsaPublicKey { get; init; }

    /// <summary>
    /// Let the client ask the server for its RSA public key when none is configured. Convenient but open to a
    /// man in the middle; prefer TLS or <see cref="ServerRsaPublicKey"/>. Default false.
    /// </summary>
    public bool AllowPublicKeyRetrieval { get; init; }

    /// <summary>How long the TCP connect and the handshake may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often an idle server sends a HEARTBEAT event during a dump, so the caller sees progress and a dead
    /// connection is noticed (reading fails after three missed heartbeats). Null leaves the server default
    /// (no heartbeats). Default 30 s.
    /// </summary>
    public TimeSpan? HeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Verify the CRC32 checksum of each event when the server writes them. Default true.</summary>
    public bool VerifyChecksums { get; init; } = true;

    /// <summary>MariaDB only: ask for ANNOTATE_ROWS events (the SQL text before its row events). Default false.</summary>
    public bool RequestAnnotateRows { get; init; }

    /// <summary>
    /// Parses <c>mysql://user:password@host:port/database</c> (user and password percent-decoded; port defaults
    /// to 3306; the database part may be empty). Other options keep their defaults.
    /// </summary>
    /// <exception cref="FormatException">The text is not such a URI.</exception>
    public static BinlogClientOptions FromUri(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != "mysql" && parsed.Scheme != "mariadb"))
            throw new FormatException($"'{uri}' is not a mysql://user:password@host:port/database URI.");
        var userInfo = parsed.UserInfo.Split(':', 2);
        if (userInfo[0].Length == 0)
            throw new FormatException($"'{uri}' names no user: write mysql://user:password@host:port/database.");
        var database = Uri.UnescapeDataString(parsed.AbsolutePath.Trim('/'));
        return new BinlogClientOptions
        {
            Host = parsed.Host,
            Port = parsed.IsDefaultPort || parsed.Port < 0 ? 3306 : parsed.Port,
            User = Uri.UnescapeDataString(userInfo[0]),
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "",
            Database = database.Length == 0 ? null : database,
        };
    }
}
