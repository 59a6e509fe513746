using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Cdc.Cli.Operations;

/// <summary>Warnings of the shared machinery (transaction assembly, registry) on standard error, so standard output stays the command's.</summary>
internal static class CliLogging
{
    public static ILoggerFactory Create() => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Warning)
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        }));
}
