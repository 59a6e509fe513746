using System.Security.Cryptography;
using System.Text;
using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Tests.Unit;

/// <summary>
/// A password goes in clear (mysql_clear_password, caching_sha2_password full authentication) only over TLS whose
/// certificate the client verified, or where the options say the risk is accepted; never over plain TCP.
/// </summary>
public sealed class CleartextPasswordTests
{
    private static readonly byte[] Nonce = [.. Enumerable.Range(1, 20).Select(i => (byte)i)];
    private static readonly byte[] Ok = [0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00];
    private static readonly byte[] FullAuthNeeded = [0x01, 0x04];
    private static readonly byte[] ClearPasswordSwitch = new Bytes().U8(0xFE).Zero("mysql_clear_password").ToArray();
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("secret\0");

    private static BinlogClientOptions Options(BinlogSslMode mode, bool allowCleartext = false, string? key = null) => new()
    {
        Host = "db", Port = 3306, User = "cdc", Password = "secret", SslMode = mode,
        AllowCleartextPasswordOverUnverifiedTls = allowCleartext, ServerRsaPublicKey = key,
    };

    private static async Task<List<byte[]>> Run(byte[] first, BinlogClientOptions options, bool tls, string plugin = "caching_sha2_password")
    {
        var stream = new ScriptedStream(first, Ok);
        await new Authenticator(new PacketChannel(stream), options, tls).RunAsync(plugin, Nonce, CancellationToken.None);
        return stream.WrittenPayloads();
    }

    [Theory]
    [InlineData(BinlogSslMode.Preferred)]
    [InlineData(BinlogSslMode.Required)]
    public async Task Full_auth_over_unverified_tls_is_refused_with_the_ways_out(BinlogSslMode mode)
    {
        var act = () => Run(FullAuthNeeded, Options(mode), tls: true);

        (await act.Should().ThrowAsync<BinlogSecurityException>()).Which.Message.Should()
            .Contain("db:3306").And.Contain("not verified").And.Contain("VERIFY_CA").And.Contain("allow-cleartext-password=true");
    }

    [Theory]
    [InlineData(BinlogSslMode.Preferred)]
    [InlineData(BinlogSslMode.Required)]
    public async Task Clear_password_switch_over_unverified_tls_is_refused(BinlogSslMode mode)
    {
        var act = () => Run(ClearPasswordSwitch, Options(mode), tls: true);

        (await act.Should().ThrowAsync<BinlogSecurityException>()).Which.Message.Should()
            .Contain("mysql_clear_password").And.Contain("not verified");
    }

    [Theory]
    [InlineData(BinlogSslMode.VerifyCa, false)]
    [InlineData(BinlogSslMode.VerifyFull, false)]
    [InlineData(BinlogSslMode.Required, true)]
    public async Task Clear_password_goes_over_verified_tls_or_when_allowed(BinlogSslMode mode, bool allow)
    {
        var written = await Run(ClearPasswordSwitch, Options(mode, allow), tls: true);

        written.Should().ContainSingle().Which.Should().Equal(Secret);
    }

    [Fact]
    public async Task Full_auth_over_unverified_tls_uses_a_configured_rsa_key_instead_of_clear_text()
    {
        using var rsa = RSA.Create(1024);

        var written = await Run(FullAuthNeeded, Options(BinlogSslMode.Required, key: rsa.ExportSubjectPublicKeyInfoPem()), tls: true);

        var plain = rsa.Decrypt(written.Single(), RSAEncryptionPadding.OaepSHA1);
        plain.Select((b, i) => (byte)(b ^ Nonce[i % Nonce.Length])).Should().Equal(Secret);
    }

    [Fact]
    public async Task Clear_password_never_goes_over_plain_tcp_even_when_allowed()
    {
        var act = () => Run(ClearPasswordSwitch, Options(BinlogSslMode.Disabled, allowCleartext: true), tls: false);

        await act.Should().ThrowAsync<BinlogProtocolException>().WithMessage("*mysql_clear_password*");
    }
}
