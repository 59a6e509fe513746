using System.Net.Sockets;
using System.Security.Authentication;
using Cdc.Connections;
using Npgsql;
using RabbitMQ.Client.Exceptions;

namespace Cdc.Tests.Security;

/// <summary>
/// TLS failures are found however the drivers wrap them (the shapes Npgsql 10, MySqlConnector 2.6 and RabbitMQ.Client 7
/// gave against real servers), and nothing else is taken for one: a network failure stays a passing fault.
/// </summary>
public sealed class TlsRefusalTests
{
    public static TheoryData<Exception, string> Refusals => new()
    {
        { new NpgsqlException("Exception while performing SSL handshake", new AuthenticationException("The remote certificate was rejected by the provided RemoteCertificateValidationCallback.")), "remote certificate was rejected" },
        { new NpgsqlException("SSL connection requested. No SSL enabled connection from this host is configured."), "offers no TLS" },
        { new BrokerUnreachableException(new AggregateException(new AuthenticationException("Cannot determine the frame size or a corrupted frame was received."))), "frame size" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_certificate_or_tls_refusal_is_found_in_the_chain(Exception error, string reason) =>
        TlsRefusal.In(error)!.Reason.Should().Contain(reason);

    [Fact]
    public void Network_failures_are_no_tls_refusal()
    {
        TlsRefusal.In(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused))).Should().BeNull();
        TlsRefusal.In(new BrokerUnreachableException(new AggregateException(new ConnectFailureException("Connection failed", new SocketException())))).Should().BeNull();
    }

    [Fact]
    public void The_explanation_names_the_endpoint_and_the_uri_options_of_its_engine()
    {
        var refusal = new TlsRefusal("The remote certificate was rejected.");

        var postgres = refusal.Explain(DatabaseUri.Parse("postgres://cdc:secret@db:5432/shop?sslmode=verify-full"), "source", "capturer");
        postgres.Should().Contain("TLS to the source postgres://cdc@db:5432/shop").And.Contain("sslrootcert=").And.Contain("capturer stops").And.NotContain("secret");
        refusal.Explain(DatabaseUri.Parse("mysql://cdc:secret@db:3306/shop"), "target", "applier").Should().Contain("ssl-ca=").And.Contain("applier stops");
        refusal.Explain("amqps://cdc@rabbit:5671/", "applier").Should().Contain("TLS to the broker amqps://cdc@rabbit:5671/").And.Contain("cacertfile=");
        new TlsRefusal("the server offers no TLS", ServerWithoutTls: true).Explain(DatabaseUri.Parse("postgres://cdc@db/shop?sslmode=require"), "source", "capturer")
            .Should().Contain("ssl = on").And.Contain("sslmode=prefer").And.NotContain("sslrootcert");
    }
}
