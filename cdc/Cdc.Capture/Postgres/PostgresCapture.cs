using Cdc.Capture.Reading;
using Cdc.Capture.Snapshot;
using Cdc.Connections;
using Cdc.Schemas.Registry;
using Cdc.Streams.Broker;
using Microsoft.Extensions.Logging;

namespace Cdc.Capture.Postgres;

/// <summary>A PostgreSQL capture: pgoutput through a replication slot, snapshots exported at the slot's creation.</summary>
public sealed class PostgresCapture : SourceCapture
{
    internal override ISourceReader CreateReader(CaptureSettings options, DatabaseUri source, CaptureMetrics metrics, ILogger logger) =>
        new SnapshottingReader(options, new PgOutputReader(options, source, logger), CreateSnapshotSource(options, source, logger), logger);

    internal override ISnapshotSource CreateSnapshotSource(CaptureSettings options, DatabaseUri source, ILogger logger) =>
        new PostgresSnapshotSource(options, source, logger);

    public override VerifyDialect VerifyDialect { get; } = new PostgresVerifyDialect();

    public override async Task<IReadOnlyList<CapturerState>> ReadCapturersAsync(
        DatabaseUri source, IReadOnlyList<string>? offices, SchemaRegistry registry, BrokerEndpoint broker, CancellationToken ct) =>
        await PostgresCapturers.ReadAsync(source, ct);
}
