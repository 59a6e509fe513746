using Cdc.Streams.Broker;

namespace Cdc.Tests.Security;

/// <summary>The user a broker URI connects as is the user-id Cdc's messages carry (RabbitMQ refuses any other).</summary>
public sealed class BrokerUserTests
{
    [Theory]
    [InlineData("amqp://branch-1:secret@rabbit:5672/%2F", "branch-1")]
    [InlineData("amqp://office%40x:pw@rabbit/%2F", "office@x")]
    [InlineData("amqp://rabbit:5672/%2F", "guest")]
    public void The_user_is_the_uris_unescaped_or_the_clients_default(string uri, string user) =>
        BrokerEndpoint.Parse(uri).User.Should().Be(user);
}
