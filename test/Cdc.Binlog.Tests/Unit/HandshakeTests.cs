using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Tests.Unit;

public sealed class HandshakeTests
{
    private static readonly byte[] Nonce = [.. Enumerable.Range(1, 20).Select(i => (byte)i)];

    /// <summary>
    /// Protocol::HandshakeV10 as the MySQL documentation lays it out: protocol 10, version (NUL-terminated),
    /// connection id, auth data part 1 (8 bytes), filler, capabilities (low 16 bits), charset, status, capabilities
    /// (high 16 bits), auth data length, 10 reserved bytes, auth data part 2 (13 bytes, last is NUL), plugin name.
    /// </summary>
    internal static byte[] HandshakeV10(string version, uint capabilities, string plugin) =>
        HandshakeV10WithNonce(version, capabilities, plugin, Nonce);

    internal static byte[] HandshakeV10WithNonce(string version, uint capabilities, string plugin, byte[] nonce) =>
        new Bytes().U8(10).Zero(version).U32(42).Raw(nonce[..8]).U8(0)
            .U16((int)(capabilities & 0xFFFF)).U8(45).U16(2).U16((int)(capabilities >> 16)).U8(21).Raw(new byte[10])
            .Raw(nonce[8..]).U8(0).Zero(plugin).ToArray();

    [Fact]
    public void Parses_a_mysql_8_handshake()
    {
        var handshake = InitialHandshake.Parse(HandshakeV10("8.0.36", 0xDFFFFFFF, "caching_sha2_password"));

        handshake.ServerVersion.Should().Be("8.0.36");
        handshake.IsMariaDb.Should().BeFalse();
        handshake.ConnectionId.Should().Be(42);
        handshake.Nonce.Should().Equal(Nonce);
        handshake.AuthPluginName.Should().Be("caching_sha2_password");
        handshake.Capabilities.Should().HaveFlag(Capabilities.Ssl).And.HaveFlag(Capabilities.PluginAuth);
    }

    [Fact]
    public void Parses_a_mariadb_handshake_and_drops_long_password()
    {
        // MariaDB clears capability bit 0 and prefixes its version with 5.5.5-.
        var handshake = InitialHandshake.Parse(HandshakeV10("5.5.5-10.11.19-MariaDB-log", 0xDFFFFFFE, "mysql_native_password"));

        handshake.IsMariaDb.Should().BeTrue();
        HandshakeResponse.ClientCapabilities(handshake, useTls: false, withDatabase: false)
            .Should().NotHaveFlag(Capabilities.LongPassword).And.NotHaveFlag(Capabilities.Ssl).And.HaveFlag(Capabilities.Protocol41);
    }

    [Fact]
    public void Error_instead_of_handshake_is_a_server_exception()
    {
        var packet = new Bytes().U8(0xFF).U16(1130).Text("Host '10.1.1.1' is not allowed to connect").ToArray();

        var act = () => InitialHandshake.Parse(packet);

        act.Should().Throw<BinlogServerException>().Which.ErrorCode.Should().Be(1130);
    }

    [Fact]
    public void Handshake_response_41_has_the_documented_layout()
    {
        var caps = Capabilities.Protocol41 | Capabilities.SecureConnection | Capabilities.PluginAuth
            | Capabilities.PluginAuthLengthEncodedData | Capabilities.ConnectWithDatabase;

        var bytes = HandshakeResponse.Build(caps, "cdc", [1, 2, 3], "db", "mysql_native_password");

        // capabilities u32, max packet u32, charset, 23 zero bytes, user\0, lenenc auth response, database\0, plugin\0
        bytes.Should().Equal(new Bytes().U32((uint)caps).U32(1 << 24).U8(45).Raw(new byte[23]).Zero("cdc")
            .U8(3).Raw(1, 2, 3).Zero("db").Zero("mysql_native_password").ToArray());
    }

    [Fact]
    public void Native_password_scramble_matches_the_reference_value()
    {
        // SHA1("secret") XOR SHA1(nonce + SHA1(SHA1("secret"))) with nonce 01..14, computed with Python's hashlib.
        Convert.ToHexString(AuthScramble.Native("secret", Nonce)).Should().BeEquivalentTo("b32bb3a583e1340c0a1108d58b1be49781ad8c2f");
        AuthScramble.Native("", Nonce).Should().BeEmpty();
    }

    [Fact]
    public void Caching_sha2_scramble_matches_the_reference_value()
    {
        // SHA256("secret") XOR SHA256(SHA256(SHA256("secret")) + nonce) with nonce 01..14, computed with Python's hashlib.
        Convert.ToHexString(AuthScramble.CachingSha2("secret", Nonce))
            .Should().BeEquivalentTo("746ebe205d56a0707acb3e796e834e0dd7b1d61743b26bd5202c7a623230c7c9");
    }
}
