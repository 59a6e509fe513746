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
public static class CaptureMetrics
{
    public const string MeterName = "Cdc.Capture";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Records = Meter.CreateCounter<long>("cdc.capture.records", "{record}", "Records captured and published, by table and op.");
    private static readonly Histogram<int> MessageRecords = Meter.CreateHistogram<int>("cdc.capture.message.records", "{record}", "Records per published message.");
    private static readonly Histogram<double> ConfirmDuration = Meter.CreateHistogram<double>("cdc.capture.confirm.duration", "s", "Time from publishing a message to the broker's confirm.");
    private static readonly Counter<long> Errors = Meter.CreateCounter<long>("cdc.capture.errors", "{error}", "Capture sessions interrupted, by kind of error.");
    private static readonly Counter<long> SchemaEvents = Meter.CreateCounter<long>("cdc.capture.schema.events", "{event}", "MySQL/MariaDB: DROP TABLE and RENAME TABLE of captured tables seen in the binlog, by kind.");
    private static double _lagSeconds;
    private static long _binlogBytesBehind = -1;
    private static long _binlogFilesBehind = -1;

    static CaptureMetrics()
    {
        Meter.CreateObservableGauge("cdc.capture.lag", () => Volatile.Read(ref _lagSeconds), "s", "Seconds from the source commit of the last captured record to its capture.");
        Meter.CreateObservableGauge("cdc.capture.binlog.behind", () => Known(ref _binlogBytesBehind), "By",
            "MySQL/MariaDB: binlog bytes the server wrote beyond the last transaction the broker confirmed.");
        Meter.CreateObservableGauge("cdc.capture.binlog.files.behind", () => Known(ref _binlogFilesBehind), "{file}",
            "MySQL/MariaDB: binlog files the server started since the one of the last transaction the broker confirmed.");
    }

    public static void BinlogBehind(long bytes, long files)
    {
        Volatile.Write(ref _binlogBytesBehind, bytes);
        Volatile.Write(ref _binlogFilesBehind, files);
    }

    public static void Captured(ChangeRecord record)
    {
        Records.Add(1, new TagList { { "table", record.Table.Id.ToString() }, { "op", record.Op.ToCode().ToString() } });
        Volatile.Write(ref _lagSeconds, Math.Max(0, (DateTimeOffset.UtcNow - record.Source.CommitTime).TotalSeconds));
    }

    /// <summary>Records a published message's size, and its confirm latency when the confirm comes.</summary>
    public static Task Published(int records, Task confirmed)
    {
        MessageRecords.Record(records);
        var started = Stopwatch.GetTimestamp();
        return confirmed.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                    ConfirmDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                return t;
            },
            TaskScheduler.Default).Unwrap();
    }

    private static IEnumerable<Measurement<long>> Known(ref long value) =>
        Volatile.Read(ref value) is var known and >= 0 ? [new Measurement<long>(known)] : [];

    public static void SchemaEvent(string kind) => SchemaEvents.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void Failed(Exception e) => Errors.Add(1, new KeyValuePair<string, object?>("kind", e.GetType().Name));
}
