using Cdc.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cdc.Cli.Hosting;

/// <summary>
/// The endpoints a supervisor polls: <c>/healthz</c> (the process is alive: always 200), <c>/readyz</c> (200 when every
/// session is connected to its database and the broker, 503 with the reasons otherwise) and <c>/metrics</c>
/// (Prometheus text from the OpenTelemetry exporter).
/// </summary>
internal static class HealthEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("alive\n"));
        app.MapGet("/readyz", () =>
        {
            var (ready, reasons) = app.Services.GetRequiredService<Readiness>().Check();
            return ready
                ? Results.Text("ready\n")
                : Results.Text("not ready:\n" + string.Join('\n', reasons) + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapPrometheusScrapingEndpoint();
    }
}
