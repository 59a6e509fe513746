using Cdc.Connections;
using RabbitMQ.Client;

namespace Cdc.Streams.Broker;

/// <summary>
/// A RabbitMQ broker given as <c>amqp://user:password@host:port/vhost</c> (<c>%2F</c> for the default vhost), or over
/// TLS as <c>amqps://user:password@host:port/vhost</c>: the broker's certificate must then be issued for the host and
/// signed by a CA of the system's trust store, or by the CA of <c>?cacertfile=/path/ca.pem</c> when given.
/// </summary>
public sealed class BrokerEndpoint
{
    private const string CaFileKey = "cacertfile";
    private readonly Uri _uri;
    private readonly ServerCertificateCheck? _certificateCheck;

    private BrokerEndpoint(Uri uri, ServerCertificateCheck? certificateCheck)
    {
        _uri = uri;
        _certificateCheck = certificateCheck;
    }

    public static BrokerEndpoint Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
            throw new FormatException(
                $"'{DatabaseUri.Redact(text)}' is not a broker URI; expected amqp://user:password@host:port/vhost (%2F for the default vhost).");
        string? caFile = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)))
        {
            if (!string.Equals(Uri.UnescapeDataString(pair[0]), CaFileKey, StringComparison.OrdinalIgnoreCase))
                throw new FormatException(
                    $"'{DatabaseUri.Redact(text)}' has the unknown parameter '{pair[0]}': a broker URI takes only ?{CaFileKey}=/path/ca.pem (with amqps://).");
            caFile = pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : "";
        }
        if (caFile is not null && uri.Scheme != "amqps")
            throw new FormatException(
                $"'{DatabaseUri.Redact(text)}' gives a {CaFileKey} but no TLS: write amqps:// (and the broker's TLS port) to use it.");
        if (caFile is not null && !File.Exists(caFile))
            throw new FormatException(
                $"The CA file '{caFile}' given in '{DatabaseUri.Redact(text)}' does not exist: give the PEM file of the CA that signed the broker's certificate.");
        var check = uri.Scheme == "amqps" ? ServerCertificateCheck.For(caFile, checkHostName: true) : null;
        return new BrokerEndpoint(
            new Uri(uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.UserInfo | UriComponents.Path, UriFormat.UriEscaped)), check);
    }

    /// <summary>Opens a connection named after its role so that the broker's connection list says who is who.</summary>
    public Task<IConnection> ConnectAsync(string clientName, CancellationToken ct)
    {
        var factory = new ConnectionFactory
        {
            Uri = _uri,
            ClientProvidedName = clientName,
            // Recovery is ours: a capture or apply session restarts whole from its last confirmed point.
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
        };
        if (_certificateCheck is not null)
        {
            factory.Ssl = new SslOption
            {
                Enabled = true,
                ServerName = _uri.Host,
                CertificateValidationCallback = _certificateCheck.Callback,
            };
        }
        return factory.CreateConnectionAsync(ct);
    }

    /// <summary>
    /// The broker user this endpoint connects as. Messages Cdc publishes carry it as their <c>user-id</c> property, which
    /// RabbitMQ checks against the connection's user: readers can tell whose credentials wrote a message.
    /// </summary>
    public string User => _uri.UserInfo.Length == 0 ? ConnectionFactory.DefaultUser : Uri.UnescapeDataString(_uri.UserInfo.Split(':')[0]);

    /// <summary>The URI without its password.</summary>
    public override string ToString() => $"{_uri.Scheme}://{_uri.UserInfo.Split(':')[0]}@{_uri.Host}:{_uri.Port}{_uri.AbsolutePath}";
}
