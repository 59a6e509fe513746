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
/// by the truncate policy [cdc_apply_truncates_refused_total], messages ignored because they overtook a message the
/// broker refused, by stream [cdc_apply_overtaking_messages_total], bad messages parked in <c>cdc.&lt;office&gt;.dead</c>
/// [cdc_apply_messages_parked_total], errors by kind [cdc_apply_errors_total].
/// </summary>
public sealed class ApplyMetrics
{
    public const string MeterName = "Cdc.Apply";
    private readonly Counter<long> _records;
    private readonly Histogram<int> _batchRecords;
    private readonly Counter<long> _truncatesRefused;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _overtaking;
    private readonly Counter<long> _parked;
    private readonly ConcurrentDictionary<string, StreamLag> _streams = new();

    /// <summary>The instruments on a meter of <paramref name="meters"/> (the host's, which the /metrics exporter reads; a test's own).</summary>
    public ApplyMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _records = meter.CreateCounter<long>("cdc.apply.records", "{record}", "Records applied to the target, by table and op.");
        _batchRecords = meter.CreateHistogram<int>("cdc.apply.batch.records", "{record}", "Records per target transaction.");
        _truncatesRefused = meter.CreateCounter<long>("cdc.apply.truncates.refused", "{truncate}",
            "Source truncates not applied because other streams write the table too, or the applier refuses truncates (--truncate), by stream and tables.");
        _overtaking = meter.CreateCounter<long>("cdc.apply.overtaking.messages", "{message}",
            "Messages ignored because they overtook a message the broker refused (its copy comes later in the stream), by stream.");
        _parked = meter.CreateCounter<long>("cdc.apply.messages.parked", "{message}", "Bad messages copied to cdc.<office>.dead and gone past (--on-bad-message park), by stream.");
        _errors = meter.CreateCounter<long>("cdc.apply.errors", "{error}", "Apply sessions interrupted, by kind of error.");
        meter.CreateObservableGauge("cdc.apply.offset", () => Observe(s => s.Applied), "{offset}", "The last stream offset applied, by stream.");
        meter.CreateObservableGauge("cdc.apply.stream.tail.offset", () => Observe(s => s.Tail), "{offset}", "The stream's last offset, as last seen (delivered or probed), by stream.");
        meter.CreateObservableGauge("cdc.apply.lag.records", () => Observe(s => s.LagRecords), "{record}",
            "Stream offsets from the last applied one to the stream's tail, by stream.");
        meter.CreateObservableGauge("cdc.apply.lag", () => Observe(s => s.LagSeconds(DateTimeOffset.UtcNow)), "s",
            "Seconds from the source commit of the last applied record to now while the stream holds more, 0 when all is applied, by stream.");
    }

    /// <summary>Where a session starts: the offset its checkpoint says was applied.</summary>
    public void Resumed(string stream, long appliedOffset) => State(stream).Resume(appliedOffset);

    /// <summary>The stream holds at least <paramref name="offset"/> (a delivery, or a probe of its tail).</summary>
    public void TailSeen(string stream, long offset) => State(stream).SeeTail(offset);

    public void Applied(string stream, IReadOnlyList<SourceTransaction> batch)
    {
        var count = 0;
        ChangeRecord? last = null;
        foreach (var record in batch.SelectMany(t => t.Records))
        {
            _records.Add(1, new TagList { { "table", record.Table.Id.ToString() }, { "op", record.Op.ToCode().ToString() } });
            last = record;
            count++;
        }
        _batchRecords.Record(count);
        State(stream).Apply(batch[^1].LastOffset.Value, last?.Source.CommitTime);
    }

    public void TruncateRefused(string stream, string tables) =>
        _truncatesRefused.Add(1, new TagList { { "stream", stream }, { "tables", tables } });

    public void Overtaken(string stream) => _overtaking.Add(1, new KeyValuePair<string, object?>("stream", stream));
    public void Parked(string stream) => _parked.Add(1, new KeyValuePair<string, object?>("stream", stream));

    public void Failed(Exception e) => _errors.Add(1, new KeyValuePair<string, object?>("kind", e.GetType().Name));

    private StreamLag State(string stream) => _streams.GetOrAdd(stream, _ => new StreamLag());

    private IEnumerable<Measurement<double>> Observe(Func<StreamLag, double?> value) =>
        _streams.Select(s => (Value: value(s.Value), Stream: s.Key))
            .Where(s => s.Value is not null)
            .Select(s => new Measurement<double>(s.Value!.Value, new KeyValuePair<string, object?>("stream", s.Stream)));
}
