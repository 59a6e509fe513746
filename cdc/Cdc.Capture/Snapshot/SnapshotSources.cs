using Cdc.Capture.MySql;
using Cdc.Capture.Postgres;
using Cdc.Connections;
using Microsoft.Extensions.Logging;

namespace Cdc.Capture.Snapshot;

/// <summary>Picks the snapshot side of the source's engine.</summary>
internal static class SnapshotSources
{
    public static ISnapshotSource Create(CaptureOptions options, DatabaseUri source, ILogger logger) => source.Engine switch
    {
        DatabaseEngine.Postgres => new PostgresSnapshotSource(options, source, logger),
        DatabaseEngine.MySql => new MySqlSnapshotSource(options, source, logger),
        _ => throw new CaptureException($"Snapshots of {source.Engine} sources are not supported by this build."),
    };
}
