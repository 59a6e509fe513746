using Cdc.Capture.Reading;
using Cdc.Capture.Snapshot;
using Cdc.Connections;
using Cdc.Schemas.Registry;
using Cdc.Streams.Broker;
using Microsoft.Extensions.Logging;

namespace Cdc.Capture.MySql;

/// <summary>A MySQL/MariaDB capture: the binlog as a replica, resuming from the stream's last record.</summary>
public sealed class MySqlCapture : SourceCapture
{
    /// <summary>The snapshot source also keeps the binlog reader's start position, in its progress table.</summary>
    internal override ISourceReader CreateReader(CaptureSettings options, DatabaseUri source, CaptureMetrics metrics, ILogger logger)
    {
        var snapshots = new MySqlSnapshotSource(options, source, logger);
        return new SnapshottingReader(options, new MySqlBinlogReader(options, source, snapshots, metrics, logger), snapshots, logger);
    }

    internal override ISnapshotSource CreateSnapshotSource(CaptureSettings options, DatabaseUri source, ILogger logger) =>
        new MySqlSnapshotSource(options, source, logger);

    public override VerifyDialect VerifyDialect { get; } = new MySqlVerifyDialect();

    public override async Task<IReadOnlyList<CapturerState>> ReadCapturersAsync(
        DatabaseUri source, IReadOnlyList<string>? offices, SchemaRegistry registry, BrokerEndpoint broker, CancellationToken ct) =>
        await BinlogCapturers.ReadAsync(source, offices ?? BinlogCapturers.OfficesCapturing(source, registry), broker, ct);
}
