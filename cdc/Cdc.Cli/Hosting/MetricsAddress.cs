using System.Net;

namespace Cdc.Cli.Hosting;

/// <summary>
/// Where /healthz, /readyz and /metrics listen: 127.0.0.1 by default, so that only the machine itself (or a
/// scraper told explicitly) sees them; <c>--metrics-address 0.0.0.0</c> (or <c>::</c>) opens them to the network.
/// </summary>
internal static class MetricsAddress
{
    public static IPAddress Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return IPAddress.Loopback;
        return IPAddress.TryParse(text.Trim(), out var address)
            ? address
            : throw new InvalidOperationException(
                $"The metrics address '{text}' is not an IP address; use 127.0.0.1 (the default), 0.0.0.0 for every interface, or one of this machine's addresses.");
    }
}
