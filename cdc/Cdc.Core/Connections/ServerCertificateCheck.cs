using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Cdc.Connections;

/// <summary>
/// Checks a server's TLS certificate the way a verifying client must: its chain ends at the given CA (a PEM file, in
/// place of the system's trust store) or, without one, at a CA of the system store; and, when asked, the certificate
/// is issued for the host that was dialled. Used for the binlog client and for amqps brokers (Npgsql and
/// MySqlConnector check on their own from <see cref="TlsSettings"/>).
/// </summary>
public sealed class ServerCertificateCheck
{
    private readonly X509Certificate2Collection? _authorities;
    private readonly bool _checkHostName;

    private ServerCertificateCheck(X509Certificate2Collection? authorities, bool checkHostName)
    {
        _authorities = authorities;
        _checkHostName = checkHostName;
    }

    /// <summary>A check against the CA certificates of <paramref name="caFile"/> (PEM), or the system store when null.</summary>
    /// <exception cref="FormatException">The file holds no PEM certificate.</exception>
    public static ServerCertificateCheck For(string? caFile, bool checkHostName)
    {
        if (caFile is null)
            return new ServerCertificateCheck(null, checkHostName);
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"Cannot read the CA file '{caFile}': {e.Message.TrimEnd('.')}. Give a readable PEM file with the CA certificate.", e);
        }
        if (authorities.Count == 0)
            throw new FormatException($"The CA file '{caFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        return new ServerCertificateCheck(authorities, checkHostName);
    }

    /// <summary>The check as a callback for <see cref="SslStream"/> and RabbitMQ.Client's SslOption.</summary>
    public RemoteCertificateValidationCallback Callback => (_, certificate, _, errors) => Accepts(certificate, errors);

    /// <summary>True when the certificate passes; <paramref name="errors"/> are those .NET found against the system store.</summary>
    public bool Accepts(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return false;
        if (_checkHostName && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return false;
        if (_authorities is null)
            return !errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
