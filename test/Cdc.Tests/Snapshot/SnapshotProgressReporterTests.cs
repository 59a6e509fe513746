using Cdc.Capture.Snapshot;
using Cdc.Model;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Cdc.Tests.Snapshot;

/// <summary>What people watching a snapshot see: log lines with rows done / estimated, rows/s and ETA, and a progress bar on a terminal.</summary>
public sealed class SnapshotProgressReporterTests
{
    private static readonly SnapshotTable Items = new(new TableDefinition(new TableId("public", "items"),
        [new ColumnDefinition("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true)]), 100_000, []);

    [Fact]
    public void The_log_says_rows_done_of_the_estimate_the_rate_and_the_time_left_every_few_seconds_and_when_a_table_is_done()
    {
        var log = new LineLogger();
        var time = new ManualTime();
        var reporter = new SnapshotProgressReporter(log, time, terminal: null);

        reporter.Chunk(Items, 10_000, done: false, "0:99:0");
        time.Advance(TimeSpan.FromSeconds(2));
        reporter.Chunk(Items, 20_000, done: false, "0:99:10000"); // too soon for another line
        time.Advance(TimeSpan.FromSeconds(3));
        reporter.Chunk(Items, 60_000, done: false, "0:99:50000");
        time.Advance(TimeSpan.FromSeconds(5));
        reporter.Chunk(Items, 100_000, done: true, "0:99:90000");

        log.Lines.Should().Equal(
            "Snapshot of public.items starts: about 100000 rows (at position 0:99:0)",
            "Snapshot of public.items: 60000/100000 rows (60.0%), 10000 rows/s, ETA 00:00:04 (at position 0:99:50000)",
            "Snapshot of public.items read: 100000 rows in 10.0s, 9000 rows/s (last chunk at position 0:99:90000)");
    }

    [Fact]
    public void A_terminal_gets_a_progress_bar_per_table_with_rows_rate_and_percent()
    {
        var screen = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(screen), Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.Yes,
        });
        var time = new ManualTime();
        var reporter = new SnapshotProgressReporter(new LineLogger(), time, terminal);

        reporter.Chunk(Items, 50_000, done: false, "0:99:0");
        time.Advance(TimeSpan.FromSeconds(5));
        reporter.Chunk(Items, 100_000, done: true, "0:99:50000");

        screen.ToString().Should().Contain("public.items").And.Contain("100%").And.Contain("100,000/100,000 rows 10,000 rows/s ETA 00:00:00");
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private sealed class LineLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
