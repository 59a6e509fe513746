using Cdc.Connections;
using Cdc.Streams.Broker;
using Microsoft.Extensions.Configuration;

namespace Cdc.Cli.Operations;

/// <summary>
/// Where operator commands find the broker and databases when the command line does not say: the same appsettings.json
/// files and <c>CDC_</c> environment variables as <c>capture</c> and <c>apply</c> (<c>Apply:Broker</c>,
/// <c>Apply:Target</c>, <c>Capture:Source</c>; the broker also from <c>Capture:Broker</c>).
/// </summary>
internal sealed class ConnectionSettings
{
    private readonly IConfiguration _configuration = Build();

    /// <summary>Files, then CDC_ variables, then the values of their <c>*_FILE</c> keys (see <see cref="Hosting.SecretFiles"/>).</summary>
    private static IConfiguration Build()
    {
        var configuration = new ConfigurationManager();
        configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables("CDC_");
        configuration.AddInMemoryCollection(Hosting.SecretFiles.Resolve(configuration));
        return configuration;
    }

    public BrokerEndpoint Broker(string? given) =>
        BrokerEndpoint.Parse(given ?? _configuration["Apply:Broker"] ?? _configuration["Capture:Broker"]
            ?? throw new UsageException("No broker given: pass --broker amqp://user:password@host:port/%2F (or set CDC_Apply__Broker)."));

    public DatabaseUri Target(string? given) =>
        DatabaseUri.Parse(given ?? _configuration["Apply:Target"]
            ?? throw new UsageException("No target given: pass --target postgres://user:password@host:port/database or mysql://... (or set CDC_Apply__Target)."));

    public DatabaseUri Source(string? given) =>
        DatabaseUri.Parse(given ?? _configuration["Capture:Source"]
            ?? throw new UsageException("No source given: pass --source postgres://user:password@host:port/database or mysql://... (or set CDC_Capture__Source)."));
}
