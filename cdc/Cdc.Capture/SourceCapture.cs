using Cdc.Capture.Reading;
using Cdc.Capture.Snapshot;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Schemas.Registry;
using Cdc.Streams.Broker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdc.Capture;

/// <summary>
/// What an engine brings to a capture, wired by the engine itself (<c>Postgres/PostgresCapture</c>,
/// <c>MySql/MySqlCapture</c>) and chosen once, from the source URI, in hosting: the change log reader under the
/// snapshotting reader, the snapshot side, and what the source says about its capturers (<c>cdc status</c>).
/// </summary>
public abstract class SourceCapture
{
    /// <summary>The reader a capture session runs: the engine's change log reader, with snapshots.</summary>
    internal abstract ISourceReader CreateReader(CaptureSettings options, DatabaseUri source, CaptureMetrics metrics, ILogger logger);

    /// <summary>The engine's snapshot side (progress table, chunk reads, watermarks).</summary>
    internal abstract ISnapshotSource CreateSnapshotSource(CaptureSettings options, DatabaseUri source, ILogger logger);

    /// <summary>How <c>cdc verify</c> reads a database of this engine, source or target.</summary>
    public abstract VerifyDialect VerifyDialect { get; }

    /// <summary>
    /// What the source says about the capturers of some offices (<c>cdc status</c>; all it knows of, on PostgreSQL: one
    /// slot each). Engines that keep no capturer list on the source report the <paramref name="offices"/> given, or
    /// else those whose tables the <paramref name="registry"/> knows in the source.
    /// </summary>
    public abstract Task<IReadOnlyList<CapturerState>> ReadCapturersAsync(
        DatabaseUri source, IReadOnlyList<string>? offices, SchemaRegistry registry, BrokerEndpoint broker, CancellationToken ct);

    /// <summary>
    /// Asks the office's running capturer to snapshot its <see cref="CaptureSettings.Tables"/> again (<c>cdc snapshot</c>);
    /// returns the tables requested.
    /// </summary>
    public async Task<IReadOnlyList<TableId>> RequestSnapshotAsync(CaptureSettings options, CancellationToken ct)
    {
        await using var snapshots = CreateSnapshotSource(options, options.Source, NullLogger.Instance);
        var requested = options.TableIds(snapshots.DefaultSchema);
        await snapshots.RequestAsync(requested, ct);
        return requested;
    }
}
