using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Cdc.IntegrationTests.Operations;

/// <summary>The hosts' /healthz, /readyz and Prometheus /metrics.</summary>
public sealed partial class MetricsTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Metrics_move_with_a_workload_and_readiness_follows_the_connections()
    {
        await using var pipeline = await Harness.PostgresPipeline.CreateAsync("metrics");
        await pipeline.Source.ExecuteAsync(Workload.Schema);
        var capturePort = FreePorts.One();
        var applyPort = FreePorts.One();
        var capture = pipeline.StartCapture("--metrics-port", capturePort.ToString());
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(30));
        pipeline.StartApply("--metrics-port", applyPort.ToString());
        await Harness.Eventually.ReachAsync(() => StatusAsync(applyPort, "/readyz"), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(20), s => s?.ToString() ?? "no answer");
        (await StatusAsync(capturePort, "/healthz")).Should().Be(HttpStatusCode.OK);
        (await StatusAsync(capturePort, "/readyz")).Should().Be(HttpStatusCode.OK);

        await pipeline.Source.ExecuteAsync(Workload.Changes);
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(30), Workload.Tables);

        var captured = await Http.GetStringAsync($"http://127.0.0.1:{capturePort}/metrics");
        Value(captured, "cdc_capture_records_total", "op=\"c\"", "table=\"public.accounts\"").Should().Be(200, captured);
        Value(captured, "cdc_capture_records_total", "op=\"u\"", "table=\"public.accounts\"").Should().Be(28);
        Value(captured, "cdc_capture_confirm_duration_seconds_count").Should().BeGreaterThan(0);
        Value(captured, "cdc_capture_message_records_sum").Should().Be(280);
        captured.Should().Contain("cdc_capture_lag_seconds");
        var applied = await Harness.Eventually.ReachAsync(
            () => Http.GetStringAsync($"http://127.0.0.1:{applyPort}/metrics"),
            m => Value(m, "cdc_apply_records_total", "op=\"c\"", "table=\"public.notes\"") == 50,
            TimeSpan.FromSeconds(10), m => m);
        Value(applied, "cdc_apply_records_total", "op=\"d\"", "table=\"public.accounts\"").Should().Be(1);
        Value(applied, "cdc_apply_batch_records_sum").Should().Be(280);
        Value(applied, "cdc_apply_offset", $"stream=\"{pipeline.Stream}\"").Should().Be((double)(await Harness.BrokerStreams.TailOffsetAsync(pipeline.Stream))!);
        Value(applied, "cdc_apply_lag_records", $"stream=\"{pipeline.Stream}\"").Should().Be(0);
        Value(applied, "cdc_apply_lag_seconds", $"stream=\"{pipeline.Stream}\"").Should().Be(0);

        // The applier blocked on a locked target table: the stream grows past what it applied, in records and in seconds.
        await using (var target = await pipeline.Target.OpenAsync())
        {
            await using var transaction = await target.BeginTransactionAsync();
            await using (var lockNotes = new Npgsql.NpgsqlCommand("LOCK TABLE notes IN ACCESS EXCLUSIVE MODE", target, transaction))
                await lockNotes.ExecuteNonQueryAsync();
            var before = await Harness.BrokerStreams.TailOffsetAsync(pipeline.Stream);
            for (var i = 0; i < 3; i++)
                await pipeline.Source.ExecuteAsync($"INSERT INTO notes VALUES ({2000 + i}, 'while the target is locked')");
            var tail = await Harness.Eventually.ReachAsync(() => Harness.BrokerStreams.TailOffsetAsync(pipeline.Stream), t => t >= before + 3, TimeSpan.FromSeconds(20), t => $"{t}");
            var behind = await Harness.Eventually.ReachAsync(
                () => Http.GetStringAsync($"http://127.0.0.1:{applyPort}/metrics"),
                m => Value(m, "cdc_apply_stream_tail_offset", $"stream=\"{pipeline.Stream}\"") == tail
                     && Value(m, "cdc_apply_lag_seconds", $"stream=\"{pipeline.Stream}\"") > 0,
                TimeSpan.FromSeconds(20), m => m);
            Value(behind, "cdc_apply_lag_records", $"stream=\"{pipeline.Stream}\"").Should().BeGreaterThanOrEqualTo(1);
            await transaction.RollbackAsync();
        }
        await Harness.Eventually.ReachAsync(
            () => Http.GetStringAsync($"http://127.0.0.1:{applyPort}/metrics"),
            m => Value(m, "cdc_apply_lag_records", $"stream=\"{pipeline.Stream}\"") == 0 && Value(m, "cdc_apply_lag_seconds", $"stream=\"{pipeline.Stream}\"") == 0
                 && Value(m, "cdc_apply_records_total", "op=\"c\"", "table=\"public.notes\"") == 53,
            TimeSpan.FromSeconds(20), m => m);
    }

    [Fact]
    public async Task An_applier_whose_target_is_unreachable_is_alive_but_not_ready_and_logs_json_lines_without_secrets()
    {
        var port = FreePorts.One();
        await using var apply = Harness.CdcProcess.Start("apply", "--name", "metrics_unready", "--streams", "cdc.metrics_unready",
            "--target", "postgres://cdc:cdc@127.0.0.1:1/nowhere", "--broker", Harness.TestServers.Broker, "--metrics-port", port.ToString(), "--json-logs");
        await Harness.Eventually.ReachAsync(() => StatusAsync(port, "/healthz"), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(20), s => s?.ToString() ?? "no answer");
        (await StatusAsync(port, "/readyz")).Should().Be(HttpStatusCode.ServiceUnavailable);
        var errors = await Harness.Eventually.ReachAsync(
            () => Http.GetStringAsync($"http://127.0.0.1:{port}/metrics"), m => m.Contains("cdc_apply_errors_total"), TimeSpan.FromSeconds(20), m => m);
        errors.Should().Contain("kind=");
        apply.Output.Should().NotContain("cdc:cdc@", "no secret is ever logged");
        var logLines = apply.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        logLines.Should().NotBeEmpty().And.OnlyContain(l => l.StartsWith('{'), "--json-logs writes one JSON object a line");
        logLines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("LogLevel").GetString()).Should().Contain("Warning");
    }

    private static async Task<HttpStatusCode?> StatusAsync(int port, string path)
    {
        try
        {
            return (await Http.GetAsync($"http://127.0.0.1:{port}{path}")).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The value of the Prometheus sample named <paramref name="name"/> whose labels include all of <paramref name="labels"/> (0 when absent).</summary>
    internal static double Value(string metrics, string name, params string[] labels) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(l => labels.All(l.Contains))
            .Select(l => double.Parse(Sample().Match(l).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Sum();

    [GeneratedRegex(@"\s(\S+)(\s\d+)?\s*$")]
    private static partial Regex Sample();
}
