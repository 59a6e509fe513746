namespace Cdc.Connections;

/// <summary>
/// How a database connection uses TLS, from the URI's <c>sslmode</c> (PostgreSQL) or <c>ssl-mode</c> (MySQL/MariaDB).
/// Only <see cref="VerifyCa"/> and <see cref="VerifyFull"/> check the server's certificate.
/// </summary>
public enum TlsMode
{
    /// <summary>Never TLS (<c>disable</c>, <c>DISABLED</c>).</summary>
    Disable,

    /// <summary>TLS when the server offers it, certificate unchecked, plain TCP otherwise (<c>prefer</c>, <c>PREFERRED</c>; the default).</summary>
    Prefer,

    /// <summary>TLS or no connection, certificate unchecked (<c>require</c>, <c>REQUIRED</c>).</summary>
    Require,

    /// <summary>TLS with a certificate signed by the trusted CA, any host name (<c>verify-ca</c>, <c>VERIFY_CA</c>).</summary>
    VerifyCa,

    /// <summary>TLS with a certificate signed by the trusted CA and issued for the host (<c>verify-full</c>, <c>VERIFY_IDENTITY</c>).</summary>
    VerifyFull,
}
