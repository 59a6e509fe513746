using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Cdc.Binlog.Protocol;

/// <summary>
/// One authenticated client connection: TCP, optional TLS, handshake and authentication, then commands
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_lifecycle.html).
/// </summary>
internal sealed class ServerConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly BinlogClientOptions _options;

    private ServerConnection(TcpClient tcp, PacketChannel channel, InitialHandshake handshake, BinlogClientOptions options, bool isTls)
    {
        _tcp = tcp;
        Channel = channel;
        Handshake = handshake;
        _options = options;
        IsTls = isTls;
    }

    public PacketChannel Channel { get; }

    public InitialHandshake Handshake { get; }

    public bool IsTls { get; }

    public string Endpoint => $"{_options.Host}:{_options.Port}";

    public static async Task<ServerConnection> OpenAsync(BinlogClientOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            return await HandshakeAsync(tcp, options, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            tcp.Dispose();
            throw new TimeoutException(
                $"Connecting to {options.Host}:{options.Port} took longer than {options.ConnectTimeout}. Check that the server runs and the port is reachable, or raise BinlogClientOptions.ConnectTimeout.");
        }
        catch (SocketException e)
        {
            tcp.Dispose();
            throw new BinlogProtocolException(
                $"Cannot connect to {options.Host}:{options.Port}: {e.Message.TrimEnd('.')}. Check that the server runs and listens on that address (bind-address, port).", e);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    private static async Task<ServerConnection> HandshakeAsync(TcpClient tcp, BinlogClientOptions options, CancellationToken cancellationToken)
    {
        await tcp.ConnectAsync(options.Host, options.Port, cancellationToken).ConfigureAwait(false);
        var channel = new PacketChannel(tcp.GetStream());
        var handshake = InitialHandshake.Parse(await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false));
        var serverTls = handshake.Capabilities.HasFlag(Capabilities.Ssl);
        var useTls = options.SslMode switch
        {
            BinlogSslMode.Disabled => false,
            BinlogSslMode.Preferred => serverTls,
            _ when serverTls => true,
            _ => throw new BinlogSecurityException(
                $"The server at {options.Host}:{options.Port} does not offer TLS but ssl-mode={SslModeName(options.SslMode)}: enable TLS on the server "
                + "(ssl_cert, ssl_key, ssl_ca in its configuration) or use ssl-mode=PREFERRED."),
        };
        var capabilities = HandshakeResponse.ClientCapabilities(handshake, useTls, options.Database is not null);
        if (useTls)
        {
            await channel.WritePayloadAsync(HandshakeResponse.BuildSslRequest(capabilities), cancellationToken).ConfigureAwait(false);
            channel.Upgrade(await StartTlsAsync(channel.Stream, options, cancellationToken).ConfigureAwait(false));
        }
        var (plugin, response) = Authenticator.FirstResponse(handshake.AuthPluginName, options.Password, handshake.Nonce);
        await channel.WritePayloadAsync(
            HandshakeResponse.Build(capabilities, options.User, response, options.Database, plugin), cancellationToken).ConfigureAwait(false);
        await new Authenticator(channel, options, useTls).RunAsync(plugin, handshake.Nonce, cancellationToken).ConfigureAwait(false);
        return new ServerConnection(tcp, channel, handshake, options, useTls);
    }

    private static async Task<Stream> StartTlsAsync(Stream inner, BinlogClientOptions options, CancellationToken cancellationToken)
    {
        RemoteCertificateValidationCallback validation = options.SslMode switch
        {
            BinlogSslMode.VerifyCa or BinlogSslMode.VerifyFull when options.RemoteCertificateValidation is { } custom => custom,
            BinlogSslMode.VerifyFull => (_, _, _, errors) => errors == SslPolicyErrors.None,
            BinlogSslMode.VerifyCa => (_, _, _, errors) => (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None,
            _ => (_, _, _, _) => true,
        };
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false, validation);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = options.Host }, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationException e)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new BinlogSecurityException(
                $"TLS with {options.Host}:{options.Port} failed with ssl-mode={SslModeName(options.SslMode)}: {e.Message.TrimEnd('.')}. "
                + "The server's certificate must be signed by the CA given as ssl-ca (or one of the system's trust store)"
                + (options.SslMode == BinlogSslMode.VerifyFull ? $" and issued for '{options.Host}' (subjectAltName)" : "")
                + ": check ssl-ca and the server's ssl_cert.", e);
        }
        return ssl;
    }

    /// <summary>The URI spelling of a mode, as the user wrote it.</summary>
    internal static string SslModeName(BinlogSslMode mode) => mode switch
    {
        BinlogSslMode.VerifyCa => "VERIFY_CA",
        BinlogSslMode.VerifyFull => "VERIFY_IDENTITY",
        _ => mode.ToString().ToUpperInvariant(),
    };

    /// <summary>Sends a command packet (sequence id 0) carrying the given payload.</summary>
    public ValueTask SendCommandAsync(byte[] payload, CancellationToken cancellationToken)
    {
        Channel.Sequence = 0;
        return Channel.WritePayloadAsync(payload, cancellationToken);
    }

    public ValueTask<byte[]> ReadAsync(CancellationToken cancellationToken) => Channel.ReadPayloadAsync(cancellationToken);

    /// <summary>Sends COM_QUERY and reads its text result (empty for statements without rows).</summary>
    public async Task<QueryResult> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        await SendCommandAsync(Commands.Query(sql), cancellationToken).ConfigureAwait(false);
        return await TextResultReader.ReadAsync(this, $"running '{sql}' on {Endpoint}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Says goodbye (COM_QUIT) when the connection is still in command mode; errors are ignored.</summary>
    public async ValueTask QuitAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await SendCommandAsync(Commands.Quit(), cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Closing anyway.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Channel.DisposeAsync().ConfigureAwait(false);
        _tcp.Dispose();
    }
}
