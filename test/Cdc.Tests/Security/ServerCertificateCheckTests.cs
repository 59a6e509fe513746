using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cdc.Connections;

namespace Cdc.Tests.Security;

/// <summary>
/// The one certificate check of the binlog client and amqps brokers, against a TLS listener in the test: the chain must
/// end at the CA file's CA, and with the host name check, the certificate must be issued for the host dialled.
/// </summary>
public sealed class ServerCertificateCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cdc-cert-check-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_chain_must_end_at_the_ca_of_the_file()
    {
        using var ca = Authority("right");
        using var other = Authority("other");
        using var server = Issue(ca, "127.0.0.1");

        (await HandshakeAsync(server, ServerCertificateCheck.For(Save(ca), checkHostName: true))).Should().BeTrue();
        (await HandshakeAsync(server, ServerCertificateCheck.For(Save(other), checkHostName: false))).Should().BeFalse();
    }

    [Fact]
    public async Task The_host_name_is_checked_only_when_asked()
    {
        using var ca = Authority("right");
        using var server = Issue(ca, "db.elsewhere.example");

        (await HandshakeAsync(server, ServerCertificateCheck.For(Save(ca), checkHostName: false))).Should().BeTrue("verify-ca accepts any host name");
        (await HandshakeAsync(server, ServerCertificateCheck.For(Save(ca), checkHostName: true))).Should().BeFalse("verify-full needs 127.0.0.1 in the certificate");
    }

    [Fact]
    public void A_file_without_a_certificate_is_refused_by_name()
    {
        var path = Path.Combine(_folder, "empty.pem");
        File.WriteAllText(path, "not a certificate");

        var act = () => ServerCertificateCheck.For(path, checkHostName: true);

        act.Should().Throw<FormatException>().WithMessage($"*'{path}'*");
    }

    private string Save(X509Certificate2 ca)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, ca.ExportCertificatePem());
        return path;
    }

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Cdc test CA {name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(host, out var address))
            names.AddIpAddress(address);
        else
            names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
        // A PFX round trip gives SslStream a certificate whose key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pfx), null);
    }

    /// <summary>True when a client dialling 127.0.0.1 with the check completes the TLS handshake with the server.</summary>
    private static async Task<bool> HandshakeAsync(X509Certificate2 serverCertificate, ServerCertificateCheck check)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptTcpClientAsync();
            await using var ssl = new SslStream(accepted.GetStream());
            try
            {
                await ssl.AuthenticateAsServerAsync(serverCertificate);
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                // The client refused the certificate.
            }
        });
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var clientSsl = new SslStream(client.GetStream(), false, check.Callback);
        try
        {
            await clientSsl.AuthenticateAsClientAsync("127.0.0.1");
            return true;
        }
        catch (AuthenticationException)
        {
            return false;
        }
        finally
        {
            client.Close();
            await serving;
        }
    }
}
