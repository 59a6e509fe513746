namespace Cdc.Binlog;

/// <summary>Whether the connection is encrypted with TLS, and how strictly the server certificate is checked.</summary>
public enum BinlogSslMode
{
    /// <summary>Never use TLS. caching_sha2_password full authentication then needs the server's RSA key.</summary>
    Disabled,

    /// <summary>Use TLS when the server offers it, without verifying its certificate; fall back to plain TCP otherwise.</summary>
    Preferred,

    /// <summary>Require TLS, without verifying the certificate (encryption against eavesdropping only).</summary>
    Required,

    /// <summary>
    /// Require TLS and a certificate signed by a trusted CA, for any host name (system trust store, or
    /// <see cref="BinlogClientOptions.RemoteCertificateValidation"/> when set).
    /// </summary>
    VerifyCa,

    /// <summary>
    /// Require TLS and a certificate that validates for the host name (system trust store, or
    /// <see cref="BinlogClientOptions.RemoteCertificateValidation"/> when set).
    /// </summary>
    VerifyFull,
}
