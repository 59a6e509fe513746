using System.Security.Cryptography;
using System.Text;
using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Tests.Unit;

/// <summary>
/// The caching_sha2_password exchanges of https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html
/// and the auth switch, played against scripted server packets.
/// </summary>
public sealed class AuthenticatorTests
{
    private static readonly byte[] Nonce = [.. Enumerable.Range(1, 20).Select(i => (byte)i)];
    private static readonly byte[] Ok = [0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00];
    private static readonly byte[] FastAuthOk = [0x01, 0x03];
    private static readonly byte[] FullAuthNeeded = [0x01, 0x04];

    // One small key for the class: generating 2048-bit keys costs a second each, and OAEP works the same.
    private static readonly RSA Key = RSA.Create(1024);

    private static BinlogClientOptions Options(bool allowKey = false, string? key = null) =>
        new() { Host = "db", Port = 3306, User = "cdc", Password = "secret", AllowPublicKeyRetrieval = allowKey, ServerRsaPublicKey = key };

    private static async Task<List<byte[]>> Run(ScriptedStream stream, BinlogClientOptions options, bool tls, string plugin = "caching_sha2_password")
    {
        await new Authenticator(new PacketChannel(stream), options, tls).RunAsync(plugin, Nonce, CancellationToken.None);
        return stream.WrittenPayloads();
    }

    [Fact]
    public async Task Fast_auth_success_needs_nothing_more()
    {
        var written = await Run(new ScriptedStream(FastAuthOk, Ok), Options(), tls: false);

        written.Should().BeEmpty();
    }

    [Fact]
    public async Task Full_auth_over_verified_tls_sends_the_password_in_clear()
    {
        var options = new BinlogClientOptions { Host = "db", Port = 3306, User = "cdc", Password = "secret", SslMode = BinlogSslMode.VerifyCa };

        var written = await Run(new ScriptedStream(FullAuthNeeded, Ok), options, tls: true);

        written.Should().ContainSingle().Which.Should().Equal(Encoding.UTF8.GetBytes("secret\0"));
    }

    [Fact]
    public async Task Full_auth_without_tls_requests_the_public_key_and_sends_the_rsa_encrypted_password()
    {
        var rsa = Key;
        var pem = rsa.ExportSubjectPublicKeyInfoPem();
        var keyPacket = new Bytes().U8(0x01).Text(pem).ToArray();

        var written = await Run(new ScriptedStream(FullAuthNeeded, keyPacket, Ok), Options(allowKey: true), tls: false);

        written.Should().HaveCount(2);
        written[0].Should().Equal(0x02); // request public key
        var plain = rsa.Decrypt(written[1], RSAEncryptionPadding.OaepSHA1);
        var password = plain.Select((b, i) => (byte)(b ^ Nonce[i % Nonce.Length])).ToArray();
        password.Should().Equal(Encoding.UTF8.GetBytes("secret\0"));
    }

    [Fact]
    public async Task Full_auth_with_a_configured_key_encrypts_without_asking()
    {
        var rsa = Key;

        var written = await Run(new ScriptedStream(FullAuthNeeded, Ok), Options(key: rsa.ExportSubjectPublicKeyInfoPem()), tls: false);

        var plain = rsa.Decrypt(written.Single(), RSAEncryptionPadding.OaepSHA1);
        plain.Select((b, i) => (byte)(b ^ Nonce[i % Nonce.Length])).Should().Equal(Encoding.UTF8.GetBytes("secret\0"));
    }

    [Fact]
    public async Task Full_auth_without_tls_or_key_says_how_to_fix_it()
    {
        var act = () => Run(new ScriptedStream(FullAuthNeeded, Ok), Options(), tls: false);

        await act.Should().ThrowAsync<BinlogProtocolException>().WithMessage("*TLS*ServerRsaPublicKey*AllowPublicKeyRetrieval*");
    }

    [Fact]
    public async Task Auth_switch_answers_with_the_new_method_and_nonce()
    {
        var newNonce = Enumerable.Range(100, 20).Select(i => (byte)i).ToArray();
        var switchRequest = new Bytes().U8(0xFE).Zero("mysql_native_password").Raw(newNonce).U8(0).ToArray();

        var written = await Run(new ScriptedStream(switchRequest, Ok), Options(), tls: false);

        written.Should().ContainSingle().Which.Should().Equal(AuthScramble.Native("secret", newNonce));
    }

    [Fact]
    public async Task Auth_switch_to_an_unknown_method_names_the_method_and_the_fix()
    {
        var switchRequest = new Bytes().U8(0xFE).Zero("client_ed25519").Raw(Nonce).ToArray();

        var act = () => Run(new ScriptedStream(switchRequest, Ok), Options(), tls: false);

        await act.Should().ThrowAsync<BinlogProtocolException>().WithMessage("*client_ed25519*mysql_native_password*");
    }

    [Fact]
    public async Task Access_denied_names_user_and_host()
    {
        var error = new Bytes().U8(0xFF).U16(1045).Text("#28000Access denied for user 'cdc'@'h' (using password: YES)").ToArray();

        var act = () => Run(new ScriptedStream(error), Options(), tls: false);

        var thrown = (await act.Should().ThrowAsync<BinlogServerException>()).Which;
        thrown.ErrorCode.Should().Be(1045);
        thrown.Message.Should().Contain("user 'cdc' at db:3306");
    }
}
