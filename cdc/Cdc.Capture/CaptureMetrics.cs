using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cdc.Model;

namespace Cdc.Capture;

/// <summary>
/// The capturer's instruments (meter <c>Cdc.Capture</c>; Prometheus names in brackets): records captured by table and
/// op [cdc_capture_records_total], records per published message [cdc_capture_message_records], publish-confirm
/// latency [cdc_capture_confirm_duration_seconds], source lag from commit to capture [cdc_capture_lag_seconds], on
/// MySQL/MariaDB the binlog the server wrote beyond the last confirmed transaction in bytes and files
/// [cdc_capture_binlog_behind_bytes, cdc_capture_binlog_files_behind], DROP/RENAME TABLE seen in the binlog
/// [cdc_capture_schema_events_total], errors by kind [cdc_capture_errors_total].
/// </summary>
public sealed class CaptureMetrics
{
    public const string MeterName = "Cdc.Capture";
    private readonly Counter<long> _records;
    private readonly Histogram<int> _messageRecords;
    private readonly Histogram<double> _confirmDuration;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _schemaEvents;
    private double _lagSeconds;
    private long _binlogBytesBehind = -1;
    private long _binlogFilesBehind = -1;

    /// <summary>The instruments on a meter of <paramref name="meters"/> (the host's, which the /metrics exporter reads; a test's own).</summary>
    public CaptureMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _records = meter.CreateCounter<long>("cdc.capture.records", "{record}", "Records captured and published, by table and op.");
        _messageRecords = meter.CreateHistogram<int>("cdc.capture.message.records", "{record}", "Records per published message.");
        _confirmDuration = meter.CreateHistogram<double>("cdc.capture.confirm.duration", "s", "Time from publishing a message to the broker's confirm.");
        _errors = meter.CreateCounter<long>("cdc.capture.errors", "{error}", "Capture sessions interrupted, by kind of error.");
        _schemaEvents = meter.CreateCounter<long>("cdc.capture.schema.events", "{event}", "MySQL/MariaDB: DROP TABLE and RENAME TABLE of captured tables seen in the binlog, by kind.");
        meter.CreateObservableGauge("cdc.capture.lag", () => Volatile.Read(ref _lagSeconds), "s", "Seconds from the source commit of the last captured record to its capture.");
        meter.CreateObservableGauge("cdc.capture.binlog.behind", () => Known(ref _binlogBytesBehind), "By",
            "MySQL/MariaDB: binlog bytes the server wrote beyond the last transaction the broker confirmed.");
        meter.CreateObservableGauge("cdc.capture.binlog.files.behind", () => Known(ref _binlogFilesBehind), "{file}",
            "MySQL/MariaDB: binlog files the server started since the one of the last transaction the broker confirmed.");
    }

    public void BinlogBehind(long bytes, long files)
    {
        Volatile.Write(ref _binlogBytesBehind, bytes);
        Volatile.Write(ref _binlogFilesBehind, files);
    }

    public void Captured(ChangeRecord record)
    {
        _records.Add(1, new TagList { { "table", record.Table.Id.ToString() }, { "op", record.Op.ToCode().ToString() } });
        Volatile.Write(ref _lagSeconds, Math.Max(0, (DateTimeOffset.UtcNow - record.Source.CommitTime).TotalSeconds));
    }

    /// <summary>Records a published message's size, and its confirm latency when the confirm comes.</summary>
    public Task Published(int records, Task confirmed)
    {
        _messageRecords.Record(records);
        var started = Stopwatch.GetTimestamp();
        return confirmed.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                    _confirmDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                return t;
            },
            TaskScheduler.Default).Unwrap();
    }

    private static IEnumerable<Measurement<long>> Known(ref long value) =>
        Volatile.Read(ref value) is var known and >= 0 ? [new Measurement<long>(known)] : [];

    public void SchemaEvent(string kind) => _schemaEvents.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Failed(Exception e) => _errors.Add(1, new KeyValuePair<string, object?>("kind", e.GetType().Name));
}
