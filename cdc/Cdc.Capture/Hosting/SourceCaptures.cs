using Cdc.Capture.MySql;
using Cdc.Capture.Postgres;
using Cdc.Connections;

namespace Cdc.Capture.Hosting;

/// <summary>The one place that picks an engine's capture, from the source URI's engine.</summary>
public static class SourceCaptures
{
    public static SourceCapture For(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.Postgres => new PostgresCapture(),
        DatabaseEngine.MySql => new MySqlCapture(),
        _ => throw new CaptureException($"Capturing from {engine} sources is not supported by this build."),
    };
}
