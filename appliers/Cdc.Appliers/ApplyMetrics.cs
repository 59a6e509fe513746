using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cdc.Appliers.Assembly;
using Cdc.Model;

namespace Cdc.Appliers;

/// <summary>
/// The applier's instruments (meter <c>Cdc.Apply</c>; Prometheus names in brackets): records applied by table and op
/// [cdc_apply_records_total], records per target transaction [cdc_apply_batch_records], the last applied offset per
/// stream [cdc_apply_offset], the stream's last offset [cdc_apply_stream_tail_offset], lag in records: the distance from
/// the applied offset to the stream's tail [cdc_apply_lag_records], and lag in seconds: now minus the source commit time
/// of the last applied record while records wait, 0 when all is applied [cdc_apply_lag_seconds], source truncates refused
/// by the truncate policy [cdc_apply_truncates_refused_total], errors by kind
/// [cdc_apply_errors_total].
/// </summary>
public static class ApplyMetrics
{
    public const string MeterName = "Cdc.Apply";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Records = Meter.CreateCounter<long>("cdc.apply.records", "{record}", "Records applied to the target, by table and op.");
    private static readonly Histogram<int> BatchRecords = Meter.CreateHistogram<int>("cdc.apply.batch.records", "{record}", "Records per target transaction.");
    private static readonly Counter<long> TruncatesRefused = Meter.CreateCounter<long>("cdc.apply.truncates.refused", "{truncate}",
        "Source truncates not applied because other streams write the table too, or the applier refuses truncates (--truncate), by stream and tables.");
    private static readonly Counter<long> Errors = Meter.CreateCounter<long>("cdc.apply.errors", "{error}", "Apply sessions interrupted, by kind of error.");
    private static readonly ConcurrentDictionary<string, StreamLag> Streams = new();

    static ApplyMetrics()
    {
        Meter.CreateObservableGauge("cdc.apply.offset", () => Observe(s => s.Applied), "{offset}", "The last stream offset applied, by stream.");
        Meter.CreateObservableGauge("cdc.apply.stream.tail.offset", () => Observe(s => s.Tail), "{offset}", "The stream's last offset, as last seen (delivered or probed), by stream.");
        Meter.CreateObservableGauge("cdc.apply.lag.records", () => Observe(s => s.LagRecords), "{record}",
            "Stream offsets from the last applied one to the stream's tail, by stream.");
        Meter.CreateObservableGauge("cdc.apply.lag", () => Observe(s => s.LagSeconds(DateTimeOffset.UtcNow)), "s",
            "Seconds from the source commit of the last applied record to now while the stream holds more, 0 when all is applied, by stream.");
    }

    /// <summary>Where a session starts: the offset its checkpoint says was applied.</summary>
    public static void Resumed(string stream, long appliedOffset) => State(stream).Resume(appliedOffset);

    /// <summary>The stream holds at least <paramref name="offset"/> (a delivery, or a probe of its tail).</summary>
    public static void TailSeen(string stream, long offset) => State(stream).SeeTail(offset);

    public static void Applied(string stream, IReadOnlyList<SourceTransaction> batch)
    {
        var count = 0;
        ChangeRecord? last = null;
        foreach (var record in batch.SelectMany(t => t.Records))
        {
            Records.Add(1, new TagList { { "table", record.Table.Id.ToString() }, { "op", record.Op.ToCode().ToString() } });
            last = record;
            count++;
        }
        BatchRecords.Record(count);
        State(stream).Apply(batch[^1].LastOffset.Value, last?.Source.CommitTime);
    }

    public static void TruncateRefused(string stream, string tables) =>
        TruncatesRefused.Add(1, new TagList { { "stream", stream }, { "tables", tables } });

    public static void Failed(Exception e) => Errors.Add(1, new KeyValuePair<string, object?>("kind", e.GetType().Name));

    private static StreamLag State(string stream) => Streams.GetOrAdd(stream, _ => new StreamLag());

    private static IEnumerable<Measurement<double>> Observe(Func<StreamLag, double?> value) =>
        Streams.Select(s => (Value: value(s.Value), Stream: s.Key))
            .Where(s => s.Value is not null)
            .Select(s => new Measurement<double>(s.Value!.Value, new KeyValuePair<string, object?>("stream", s.Stream)));
}
