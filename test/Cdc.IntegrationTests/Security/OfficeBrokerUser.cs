using System.Diagnostics;
using Cdc.IntegrationTests.Harness;

namespace Cdc.IntegrationTests.Security;

/// <summary>
/// A broker user of one office with the permissions deploy/rabbitmq/definitions.json gives an office (configure, write and
/// read its own stream and the registry), created on the test broker with rabbitmqctl and deleted at the end.
/// </summary>
internal sealed class OfficeBrokerUser : IAsyncDisposable
{
    private OfficeBrokerUser(string name, string uri)
    {
        Name = name;
        Uri = uri;
    }

    public string Name { get; }

    /// <summary>The broker URI with this user's credentials.</summary>
    public string Uri { get; }

    public static async Task<OfficeBrokerUser> CreateAsync(string office)
    {
        var password = $"pw-{office}";
        await RabbitMqCtlAsync("add_user", office, password);
        var own = $"^cdc\\.({System.Text.RegularExpressions.Regex.Escape(office)}|schemas)$";
        await RabbitMqCtlAsync("set_permissions", "-p", "/", office, own, own, own);
        var admin = new Uri(TestServers.Broker);
        return new OfficeBrokerUser(office, $"amqp://{office}:{password}@{admin.Host}:{admin.Port}/%2F");
    }

    public async ValueTask DisposeAsync() => await RabbitMqCtlAsync("delete_user", Name);

    private static async Task RabbitMqCtlAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(TestServers.RepositoryRoot, "deploy", "native", "services.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("rabbitmqctl");
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {output}");
    }
}
