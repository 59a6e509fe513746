using Cdc.Appliers;
using Cdc.Appliers.Hosting;
using Cdc.Capture;
using Cdc.Capture.Hosting;
using Cdc.Sessions;
using Cdc.Cli.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;

namespace Cdc.Cli.Hosting;

/// <summary>
/// Runs a long-lived service (capturer, applier) in the generic host. Settings come, later ones winning, from
/// appsettings.json (next to the binary, then the working directory, then <c>--config</c>), environment variables
/// with the prefix <c>CDC_</c> (<c>CDC_Capture__Office=head</c>), and the command line. Logs go to standard error;
/// SIGTERM and SIGINT stop gracefully. With a metrics port (<c>--metrics-port</c>, <c>Metrics:Port</c>), an HTTP
/// endpoint on it serves <c>/healthz</c>, <c>/readyz</c> and Prometheus <c>/metrics</c> (see <see cref="HealthEndpoints"/>),
/// on 127.0.0.1 unless <c>--metrics-address</c> (<c>Metrics:Address</c>) names another address. Keys ending in
/// <c>_FILE</c> read their value from a file (see <see cref="SecretFiles"/>).
/// </summary>
internal static class ServiceHost
{
    public static async Task<int> RunAsync<TService, TOptions>(
        string section, IDictionary<string, string?> commandLine, string? configFile, bool jsonLogs, int? metricsPort = null, string? metricsAddress = null)
        where TService : class, IHostedService
        where TOptions : class
    {
        var configuration = new ConfigurationManager();
        configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true);
        if (configFile is not null)
            configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        configuration.AddEnvironmentVariables("CDC_");
        Dictionary<string, string?> fromFiles;
        try
        {
            fromFiles = SecretFiles.Resolve(configuration);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"cdc {section.ToLowerInvariant()}: {e.Message}");
            return CommandRunner.Usage;
        }
        configuration
            .AddInMemoryCollection(fromFiles)
            .AddInMemoryCollection(commandLine.Where(p => p.Value is not null).ToDictionary(p => $"{section}:{p.Key}", p => p.Value));
        var port = metricsPort ?? configuration.GetValue<int?>("Metrics:Port");
        var address = MetricsAddress.Parse(metricsAddress ?? configuration["Metrics:Address"]);
        if (port is { } listen)
        {
            var web = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            web.Configuration.AddConfiguration(configuration);
            web.WebHost.UseKestrel(k => k.Listen(address, listen));
            Configure<TService, TOptions>(web, section, jsonLogs);
            web.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(CaptureMetrics.MeterName, ApplyMetrics.MeterName).AddPrometheusExporter());
            await using var app = web.Build();
            HealthEndpoints.Map(app);
            // Taken before running: running disposes the host and its services.
            var outcome = app.Services.GetRequiredService<ServiceOutcome>();
            await app.RunAsync();
            return outcome.ExitCode;
        }
        else
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                ContentRootPath = AppContext.BaseDirectory,
                DisableDefaults = true,
                Configuration = configuration,
            });
            Configure<TService, TOptions>(builder, section, jsonLogs);
            using var host = builder.Build();
            var outcome = host.Services.GetRequiredService<ServiceOutcome>();
            await host.RunAsync();
            return outcome.ExitCode;
        }
    }

    private static void Configure<TService, TOptions>(IHostApplicationBuilder builder, string section, bool jsonLogs)
        where TService : class, IHostedService
        where TOptions : class
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (jsonLogs)
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "O");
        else
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        builder.Services.Configure<TOptions>(builder.Configuration.GetSection(section));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<ServiceOutcome>();
        builder.Services.AddSingleton<Readiness>();
        // Instances on the host's meter factory, which the /metrics exporter (AddMeter by name) reads.
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<CaptureMetrics>();
        builder.Services.AddSingleton<ApplyMetrics>();
        builder.Services.AddHostedService<TService>();
    }
}
