using RabbitMQ.Client;

namespace Cdc.Streams.Broker;

/// <summary>A RabbitMQ broker given as <c>amqp://user:password@host:port/vhost</c> (<c>%2F</c> for the default vhost).</summary>
public sealed class BrokerEndpoint
{
    private readonly Uri _uri;

    private BrokerEndpoint(Uri uri) => _uri = uri;

    public static BrokerEndpoint Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
            throw new FormatException(
                $"'{Connections.DatabaseUri.Redact(text)}' is not a broker URI; expected amqp://user:password@host:port/vhost (%2F for the default vhost).");
        return new BrokerEndpoint(uri);
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
