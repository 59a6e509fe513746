using System.Diagnostics.Metrics;
using Cdc.Appliers;
using Cdc.Capture;
using Microsoft.Extensions.DependencyInjection;

namespace Cdc.Tests.Operations;

/// <summary>
/// The capturer's and the applier's metrics are instances on a meter factory: what one instance records is seen on its
/// own meter only, so a test asserts it without state shared with any other test or process part.
/// </summary>
public sealed class MetricInstanceTests
{
    [Fact]
    public void An_apply_metrics_instance_counts_on_its_own_meter_only()
    {
        using var mine = new MeterSpy();
        using var other = new MeterSpy();
        var metrics = new ApplyMetrics(mine.Factory);
        _ = new ApplyMetrics(other.Factory);

        metrics.TruncateRefused("cdc.head", "public.orders");
        metrics.TruncateRefused("cdc.head", "public.orders");
        metrics.Failed(new TimeoutException());

        mine.Sum("cdc.apply.truncates.refused", ("stream", "cdc.head"), ("tables", "public.orders")).Should().Be(2);
        mine.Sum("cdc.apply.errors", ("kind", nameof(TimeoutException))).Should().Be(1);
        other.Sum("cdc.apply.truncates.refused").Should().Be(0, "another instance shares nothing with this one");
    }

    [Fact]
    public void The_apply_offset_gauges_report_each_stream_of_their_instance()
    {
        using var spy = new MeterSpy();
        var metrics = new ApplyMetrics(spy.Factory);

        metrics.Resumed("cdc.head", 41);
        metrics.TailSeen("cdc.head", 50);

        spy.Observe();
        spy.Last("cdc.apply.offset", ("stream", "cdc.head")).Should().Be(41);
        spy.Last("cdc.apply.stream.tail.offset", ("stream", "cdc.head")).Should().Be(50);
        spy.Last("cdc.apply.lag.records", ("stream", "cdc.head")).Should().Be(9);
    }

    [Fact]
    public void A_capture_metrics_instance_counts_schema_events_and_errors_and_reports_the_binlog_backlog()
    {
        using var spy = new MeterSpy();
        var metrics = new CaptureMetrics(spy.Factory);

        metrics.SchemaEvent("drop");
        metrics.Failed(new InvalidOperationException());
        spy.Observe();
        spy.Last("cdc.capture.binlog.behind").Should().BeNull("nothing was measured yet");
        metrics.BinlogBehind(1234, 2);
        spy.Observe();

        spy.Sum("cdc.capture.schema.events", ("kind", "drop")).Should().Be(1);
        spy.Sum("cdc.capture.errors", ("kind", nameof(InvalidOperationException))).Should().Be(1);
        spy.Last("cdc.capture.binlog.behind").Should().Be(1234);
        spy.Last("cdc.capture.binlog.files.behind").Should().Be(2);
    }

    /// <summary>A meter factory of its own, and a listener to the instruments of that factory's meters only.</summary>
    private sealed class MeterSpy : IDisposable
    {
        private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        private readonly MeterListener _listener = new();
        private readonly List<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = [];

        public MeterSpy()
        {
            Factory = _services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, Factory))
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
            _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
            _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
            _listener.Start();
        }

        public IMeterFactory Factory { get; }

        public void Observe() => _listener.RecordObservableInstruments();

        public double Sum(string name, params (string Key, string Value)[] tags) => Matching(name, tags).Sum(m => m.Value);

        public double? Last(string name, params (string Key, string Value)[] tags) =>
            Matching(name, tags).Select(m => (double?)m.Value).LastOrDefault();

        private IEnumerable<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string name, (string Key, string Value)[] tags)
        {
            lock (_measurements)
                return _measurements.Where(m => m.Name == name && tags.All(t => m.Tags.Any(g => g.Key == t.Key && Equals(g.Value, t.Value)))).ToList();
        }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (_measurements)
                _measurements.Add((instrument.Name, value, tags.ToArray()));
        }

        public void Dispose()
        {
            _listener.Dispose();
            _services.Dispose();
        }
    }
}
