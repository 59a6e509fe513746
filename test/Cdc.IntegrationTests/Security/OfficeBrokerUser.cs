using Cdc.IntegrationTests.Harness;

namespace Cdc.IntegrationTests.Security;

/// <summary>
/// A broker user of one office with the permissions deploy/rabbitmq/definitions.json gives an office (configure, write and
/// read its own stream and the registry), created with rabbitmqctl on a broker of the test's own (the broker goes with it).
/// </summary>
internal sealed class OfficeBrokerUser
{
    private OfficeBrokerUser(string name, string uri)
    {
        Name = name;
        Uri = uri;
    }

    public string Name { get; }

    /// <summary>The broker URI with this user's credentials.</summary>
    public string Uri { get; }

    public static async Task<OfficeBrokerUser> CreateAsync(string office, PrivateBroker broker)
    {
        var password = $"pw-{office}";
        await broker.RabbitMqCtlAsync("add_user", office, password);
        var own = $"^cdc\\.({System.Text.RegularExpressions.Regex.Escape(office)}|schemas)$";
        await broker.RabbitMqCtlAsync("set_permissions", "-p", "/", office, own, own, own);
        var admin = new Uri(broker.Uri);
        return new OfficeBrokerUser(office, $"amqp://{office}:{password}@{admin.Host}:{admin.Port}/%2F");
    }
}
