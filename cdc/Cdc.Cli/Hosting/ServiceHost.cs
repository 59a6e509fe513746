using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Cdc.Cli.Hosting;

/// <summary>
/// Runs a long-lived service (capturer, applier) in the generic host. Settings come, later ones winning, from
/// appsettings.json (next to the binary, then the working directory, then <c>--config</c>), environment variables
/// with the prefix <c>CDC_</c> (<c>CDC_Capture__Office=head</c>), and the command line. Logs go to standard error;
/// SIGTERM and SIGINT stop gracefully.
/// </summary>
internal static class ServiceHost
{
    public static async Task<int> RunAsync<TService, TOptions>(string section, IDictionary<string, string?> commandLine, string? configFile, bool jsonLogs)
        where TService : class, IHostedService
        where TOptions : class
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true);
        if (configFile is not null)
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        builder.Configuration
            .AddEnvironmentVariables("CDC_")
            .AddInMemoryCollection(commandLine.Where(p => p.Value is not null).ToDictionary(p => $"{section}:{p.Key}", p => p.Value));
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Warning);
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
        builder.Services.AddHostedService<TService>();
        using var host = builder.Build();
        Environment.ExitCode = 0;
        await host.RunAsync();
        return Environment.ExitCode;
    }
}
