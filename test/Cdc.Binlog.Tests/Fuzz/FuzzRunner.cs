using System.Diagnostics;

namespace Cdc.Binlog.Tests.Fuzz;

/// <summary>
/// Runs numbered fuzz cases on a thread of its own (1 MiB of stack, so deep recursion fails here as it would in a
/// capturer) while the caller watches the clock: a case that runs longer than <see cref="FuzzLimits.CaseTime"/>
/// is reported by number even if it never returns. Each case measures the bytes it allocated.
/// </summary>
internal sealed class FuzzRunner
{
    private readonly List<string> _failures = [];
    private long _caseStarted = -1;
    private int _current = -1;

    /// <summary>A case: builds its input from its number, sets <paramref name="inputBytes"/> to the bytes the "server" sent, decodes them.</summary>
    public delegate void Case(int number, ref long inputBytes);

    public int Clean { get; private set; }

    public int Refused { get; private set; }

    public long MaxAllocated { get; private set; }

    public TimeSpan MaxTime { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    /// <summary>Runs cases 0..count-1; a case outcome is "clean" (returns) or "refused" (BinlogProtocolException, BinlogServerException).</summary>
    public void Run(int count, Case run)
    {
        var worker = new Thread(() => Loop(count, run), 1 << 20) { IsBackground = true, Name = "fuzz" };
        worker.Start();
        while (!worker.Join(50))
        {
            var started = Interlocked.Read(ref _caseStarted);
            if (started >= 0 && Stopwatch.GetElapsedTime(started) > FuzzLimits.CaseTime * 5)
            {
                lock (_failures)
                    _failures.Add($"case {_current} still runs after {FuzzLimits.CaseTime * 5} (a hang)");
                return; // the background thread is abandoned; the test fails
            }
        }
    }

    private void Loop(int count, Case run)
    {
        for (var n = 0; n < count; n++)
        {
            _current = n;
            var before = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            Interlocked.Exchange(ref _caseStarted, start);
            long input = 0;
            string? failure = null;
            try
            {
                run(n, ref input);
                Clean++;
            }
            catch (Exception e) when (e is BinlogProtocolException or BinlogServerException)
            {
                Refused++;
            }
            catch (Exception e)
            {
                failure = $"case {n}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}";
            }
            var elapsed = Stopwatch.GetElapsedTime(start);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            MaxAllocated = Math.Max(MaxAllocated, allocated);
            MaxTime = elapsed > MaxTime ? elapsed : MaxTime;
            if (failure is null && elapsed > FuzzLimits.CaseTime)
                failure = $"case {n} took {elapsed.TotalMilliseconds:F0} ms";
            if (failure is null && input > 0 && allocated > FuzzLimits.AllocationLimit(input))
                failure = $"case {n} allocated {allocated:N0} bytes for {input:N0} bytes from the server";
            if (failure is not null)
            {
                lock (_failures)
                    _failures.Add(failure);
            }
        }
        Interlocked.Exchange(ref _caseStarted, -1);
    }

    public string Summary(string what, int count) =>
        $"{what}: {count} cases, {Clean} clean, {Refused} refused; max {MaxAllocated:N0} bytes allocated, max {MaxTime.TotalMilliseconds:F1} ms per case";
}
