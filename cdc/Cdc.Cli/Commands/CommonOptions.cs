using System.CommandLine;

namespace Cdc.Cli.Commands;

/// <summary>Options several commands share, spelled the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Broker() => new("--broker")
    {
        Description = "The broker: amqp://user:password@host:port/vhost (%2F for the default vhost).",
    };

    public static Option<string> Config() => new("--config")
    {
        Description = "An extra appsettings.json to read settings from.",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write the result as JSON (for scripts) instead of a table.",
    };

    public static Option<int?> MetricsPort() => new("--metrics-port")
    {
        Description = "Serve /healthz, /readyz and Prometheus /metrics over HTTP on this port (or Metrics:Port in appsettings.json; default: off).",
    };

    public static Option<string> MetricsAddress() => new("--metrics-address")
    {
        Description = "The address the --metrics-port endpoint listens on (or Metrics:Address; default 127.0.0.1, this machine only; 0.0.0.0 for every interface).",
    };

    public static Option<bool> JsonLogs() => new("--json-logs")
    {
        Description = "Write logs as JSON lines instead of text.",
    };

    /// <summary>The command line's settings for a configuration section: only the options given, so files and environment fill the rest.</summary>
    public static Dictionary<string, string?> Given(ParseResult result, params (string Key, Option Option)[] options)
    {
        var given = new Dictionary<string, string?>();
        foreach (var (key, option) in options)
        {
            var optionResult = result.GetResult(option);
            if (optionResult is null || optionResult.Implicit)
                continue;
            var tokens = optionResult.Tokens.Select(t => t.Value).ToArray();
            given[key] = option.ValueType == typeof(bool) && tokens.Length == 0 ? "true" : string.Join(',', tokens);
        }
        return given;
    }
}
