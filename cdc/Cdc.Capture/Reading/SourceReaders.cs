using Cdc.Capture.MySql;
using Cdc.Capture.Postgres;
using Cdc.Capture.Snapshot;
using Cdc.Connections;
using Microsoft.Extensions.Logging;

namespace Cdc.Capture.Reading;

/// <summary>Picks the reader for the source's engine (the engine comes from the URI scheme).</summary>
internal static class SourceReaders
{
    public static ISourceReader Create(CaptureOptions options, DatabaseUri source, ILogger logger) => source.Engine switch
    {
        DatabaseEngine.Postgres => new SnapshottingReader(options, new PgOutputReader(options, source, logger), SnapshotSources.Create(options, source, logger), logger),
        DatabaseEngine.MySql => MySql(options, source, logger),
        _ => throw new CaptureException($"Capturing from {source.Engine} sources is not supported by this build."),
    };

    /// <summary>The snapshot source also keeps the binlog reader's start position, in its progress table.</summary>
    private static SnapshottingReader MySql(CaptureOptions options, DatabaseUri source, ILogger logger)
    {
        var snapshots = new MySqlSnapshotSource(options, source, logger);
        return new SnapshottingReader(options, new MySqlBinlogReader(options, source, snapshots, logger), snapshots, logger);
    }
}
