using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cdc.Appliers.Assembly;
using Cdc.Model;

namespace Cdc.Appliers.Hosting;

/// <summary>
/// The applier's instruments (meter <c>Cdc.Apply</c>; Prometheus names in brackets): records applied by table and op
/// [cdc_apply_records_total], records per target transaction [cdc_apply_batch_records], the last applied offset per
/// stream [cdc_apply_offset], lag in records behind the last offset delivered [cdc_apply_lag_records] and in seconds
/// from source commit to apply [cdc_apply_lag_seconds], errors by kind [cdc_apply_errors_total].
/// </summary>
public static class ApplyMetrics
{
    public const string MeterName = "Cdc.Apply";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Records = Meter.CreateCounter<long>("cdc.apply.records", "{record}", "Records applied to the target, by table and op.");
    private static readonly Histogram<int> BatchRecords = Meter.CreateHistogram<int>("cdc.apply.batch.records", "{record}", "Records per target transaction.");
    private static readonly Counter<long> Errors = Meter.CreateCounter<long>("cdc.apply.errors", "{error}", "Apply sessions interrupted, by kind of error.");
    private static readonly ConcurrentDictionary<string, StreamState> Streams = new();

    static ApplyMetrics()
    {
        Meter.CreateObservableGauge("cdc.apply.offset", () => Observe(s => s.Applied), "{offset}", "The last stream offset applied, by stream.");
        Meter.CreateObservableGauge("cdc.apply.lag.records", () => Observe(s => Math.Max(0, s.Delivered - s.Applied)), "{record}",
            "Messages the broker delivered beyond the last applied offset, by stream.");
        Meter.CreateObservableGauge("cdc.apply.lag", () => Observe(s => s.LagSeconds), "s", "Seconds from the source commit of the last applied record to its apply, by stream.");
    }

    public static void Delivered(string stream, long offset) => Streams.GetOrAdd(stream, _ => new StreamState()).Delivered = offset;

    public static void Applied(string stream, IReadOnlyList<SourceTransaction> batch)
    {
        var state = Streams.GetOrAdd(stream, _ => new StreamState());
        var count = 0;
        ChangeRecord? last = null;
        foreach (var record in batch.SelectMany(t => t.Records))
        {
            Records.Add(1, new TagList { { "table", record.Table.Id.ToString() }, { "op", record.Op.ToCode().ToString() } });
            last = record;
            count++;
        }
        BatchRecords.Record(count);
        state.Applied = batch[^1].LastOffset.Value;
        if (last is not null)
            state.LagSeconds = Math.Max(0, (DateTimeOffset.UtcNow - last.Source.CommitTime).TotalSeconds);
    }

    public static void Failed(Exception e) => Errors.Add(1, new KeyValuePair<string, object?>("kind", e.GetType().Name));

    private static IEnumerable<Measurement<double>> Observe(Func<StreamState, double> value) =>
        Streams.Select(s => new Measurement<double>(value(s.Value), new KeyValuePair<string, object?>("stream", s.Key)));

    private sealed class StreamState
    {
        public long Delivered { get; set; } = -1;
        public long Applied { get; set; } = -1;
        public double LagSeconds { get; set; }
    }
}
