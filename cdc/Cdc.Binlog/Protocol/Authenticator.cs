using System.Text;

namespace Cdc.Binlog.Protocol;

/// <summary>
/// Runs the authentication exchange after the handshake response: auth-switch requests, and the
/// caching_sha2_password "more data" steps (fast-auth success, or full authentication in clear over TLS or
/// RSA-encrypted) until the server's OK or ERR
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html).
/// </summary>
internal sealed class Authenticator(PacketChannel channel, BinlogClientOptions options, bool isTls)
{
    private const byte FastAuthSuccess = 3;
    private const byte PerformFullAuthentication = 4;
    private const byte RequestPublicKey = 2;

    private string Doing => $"authenticating user '{options.User}' at {options.Host}:{options.Port}";

    /// <summary>
    /// A password may go in clear only over TLS whose certificate was verified (the connection exists only if it
    /// passed), or over unverified TLS when the options allow it; never over plain TCP.
    /// </summary>
    private bool MaySendCleartext =>
        isTls && (options.SslMode is BinlogSslMode.VerifyCa or BinlogSslMode.VerifyFull || options.AllowCleartextPasswordOverUnverifiedTls);

    /// <summary>The first auth response, computed with the method the server announced.</summary>
    public static (string Plugin, byte[] Response) FirstResponse(string serverPlugin, string password, byte[] nonce) =>
        serverPlugin switch
        {
            AuthScramble.CachingSha2Password => (serverPlugin, AuthScramble.CachingSha2(password, nonce)),
            // Unknown default methods: answer with native; the server switches us to what the account needs.
            _ => (AuthScramble.NativePassword, AuthScramble.Native(password, nonce)),
        };

    public async Task RunAsync(string plugin, byte[] nonce, CancellationToken cancellationToken)
    {
        var awaitingKey = false;
        while (true)
        {
            var payload = await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            switch (payload.Length == 0 ? (byte)0xFF : payload[0])
            {
                case 0x00:
                    return;
                case 0xFF:
                    throw ServerErrors.FromErrorPacket(payload, Doing);
                case 0xFE:
                    (plugin, nonce) = ParseAuthSwitch(payload);
                    await channel.WritePayloadAsync(ResponseFor(plugin, nonce), cancellationToken).ConfigureAwait(false);
                    break;
                case 0x01 when awaitingKey:
                    awaitingKey = false;
                    var pem = Encoding.ASCII.GetString(payload, 1, payload.Length - 1);
                    await channel.WritePayloadAsync(AuthScramble.RsaEncrypt(options.Password, nonce, pem), cancellationToken).ConfigureAwait(false);
                    break;
                case 0x01 when plugin == AuthScramble.CachingSha2Password && payload.Length >= 2:
                    if (payload[1] == FastAuthSuccess)
                        break; // the OK packet follows
                    if (payload[1] != PerformFullAuthentication)
                        throw Unexpected(payload);
                    awaitingKey = await SendFullAuthenticationAsync(nonce, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw Unexpected(payload);
            }
        }
    }

    /// <returns>True when the public key was requested and the next packet carries it.</returns>
    private async Task<bool> SendFullAuthenticationAsync(byte[] nonce, CancellationToken cancellationToken)
    {
        byte[] response;
        var keyRequested = false;
        if (MaySendCleartext)
            response = AuthScramble.ClearText(options.Password);
        else if (options.ServerRsaPublicKey is { } pem)
            response = AuthScramble.RsaEncrypt(options.Password, nonce, pem);
        else if (options.AllowPublicKeyRetrieval)
            (response, keyRequested) = ([RequestPublicKey], true);
        else if (isTls)
            throw UnverifiedCleartext(AuthScramble.CachingSha2Password + " full authentication");
        else
            throw new BinlogProtocolException(
                $"The server needs caching_sha2_password full authentication for user '{options.User}' at {options.Host}:{options.Port} "
                + "(its password cache is empty), which sends the password: enable TLS (BinlogClientOptions.SslMode), or set "
                + "BinlogClientOptions.ServerRsaPublicKey to the server's public key, or allow AllowPublicKeyRetrieval.");
        await channel.WritePayloadAsync(response, cancellationToken).ConfigureAwait(false);
        return keyRequested;
    }

    private byte[] ResponseFor(string plugin, byte[] nonce) => plugin switch
    {
        AuthScramble.NativePassword => AuthScramble.Native(options.Password, nonce),
        AuthScramble.CachingSha2Password => AuthScramble.CachingSha2(options.Password, nonce),
        AuthScramble.ClearPassword when MaySendCleartext => AuthScramble.ClearText(options.Password),
        AuthScramble.ClearPassword when isTls => throw UnverifiedCleartext(plugin),
        _ => throw new BinlogProtocolException(
            $"User '{options.User}' at {options.Host}:{options.Port} uses the authentication method '{plugin}', which this client does not support "
            + "(supported: mysql_native_password, caching_sha2_password, mysql_clear_password over TLS). "
            + "Use ALTER USER ... IDENTIFIED WITH mysql_native_password (MariaDB: IDENTIFIED VIA mysql_native_password USING PASSWORD('...')) for the replication account."),
    };

    private BinlogSecurityException UnverifiedCleartext(string method) => new(
        $"The server at {options.Host}:{options.Port} asks for user '{options.User}''s password in clear ({method}), but this TLS connection's "
        + $"certificate was not verified (ssl-mode={ServerConnection.SslModeName(options.SslMode)}), so anyone in between could read it: use "
        + "ssl-mode=VERIFY_CA or VERIFY_IDENTITY with ssl-ca=<the server's CA file>, or accept the risk with allow-cleartext-password=true"
        + (method == AuthScramble.ClearPassword ? "." : " (or give the server's RSA public key: ServerRsaPublicKey)."));

    internal static (string Plugin, byte[] Nonce) ParseAuthSwitch(byte[] payload)
    {
        var reader = new PacketReader(payload);
        reader.Skip(1);
        var plugin = reader.ReadNullTerminatedString();
        var data = reader.ReadBytes(reader.Remaining);
        if (data.Length > 0 && data[^1] == 0)
            data = data[..^1];
        return (plugin, data);
    }

    private BinlogProtocolException Unexpected(byte[] payload) =>
        new($"Unexpected packet 0x{payload[0]:X2} of {payload.Length} bytes while {Doing}.");
}
