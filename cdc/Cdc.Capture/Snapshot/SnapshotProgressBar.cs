using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Cdc.Capture.Snapshot;

/// <summary>
/// A Spectre.Console progress bar per table being snapshotted, drawn on standard output when it is a terminal (the
/// log goes to standard error): table, bar, percent, rows done / estimated, rows per second and time left (the
/// reporter's figures, the same as the log's). One table at a time, as the snapshot reads them; a table's bar stays on
/// screen when it is done.
/// </summary>
internal sealed class SnapshotProgressBar(IAnsiConsole console, TimeProvider time)
{
    private readonly Lock _lock = new();
    private ProgressTask? _task;
    private TaskCompletionSource? _end;
    private Task? _display;

    public void Show(string table, long rows, long estimate, double rate, TimeSpan left, bool done)
    {
        lock (_lock)
        {
            if (_task?.Description != table)
            {
                Finish();
                Start(table);
            }
            _task!.MaxValue = Math.Max(1, Math.Max(estimate, rows));
            _task.Value = done ? _task.MaxValue : rows;
            _task.Tag = new Figures(rows, rate, left);
            if (done)
                Finish();
        }
    }

    private void Start(string table)
    {
        var end = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource<ProgressTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new Progress(console, time) { AutoClear = false, HideCompleted = false }.Columns(
            new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new FiguresColumn());
        _display = progress.StartAsync(async context =>
        {
            started.SetResult(context.AddTask(table, autoStart: true, maxValue: 1));
            await end.Task;
            context.Refresh();
        });
        _end = end;
        _task = started.Task.GetAwaiter().GetResult();
    }

    private void Finish()
    {
        if (_end is null)
            return;
        _task!.StopTask();
        _end.SetResult();
        _display!.GetAwaiter().GetResult();
        _end = null;
        _display = null;
    }

    private sealed record Figures(long Rows, double Rate, TimeSpan Left);

    /// <summary>Rows done / estimated, rows per second, time left.</summary>
    private sealed class FiguresColumn : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) => task.Tag is Figures f
            ? new Text(string.Create(CultureInfo.InvariantCulture, $"{f.Rows:N0}/{task.MaxValue:N0} rows {f.Rate:N0} rows/s ETA {f.Left:hh\\:mm\\:ss}"))
            : Text.Empty;
    }
}
