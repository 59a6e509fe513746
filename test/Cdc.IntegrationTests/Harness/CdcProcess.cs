using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Cdc.IntegrationTests.Harness;

/// <summary>A running <c>bin/cdc</c> process: its standard error is collected, and it can be stopped (SIGTERM) or killed (SIGKILL).</summary>
public sealed partial class CdcProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private CdcProcess(Process process) => _process = process;

    public static CdcProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>Starts bin/cdc with extra environment variables (settings such as CDC_Apply__Target_FILE).</summary>
    public static CdcProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(TestServers.CdcBinary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var cdc = new CdcProcess(process);
        process.ErrorDataReceived += (_, e) => cdc.Append(e.Data);
        process.OutputDataReceived += (_, e) => cdc.Append(e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return cdc;
    }

    /// <summary>Runs a short command to its end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        await using var cdc = Start(arguments);
        var exit = await cdc.WaitForExitAsync(timeout);
        return (exit, cdc.Output);
    }

    public string Output
    {
        get
        {
            lock (_lock)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>The peak resident memory of the process so far (VmHWM in /proc/&lt;pid&gt;/status), in KiB.</summary>
    public long PeakMemoryKb()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"cdc did not print '{text}' within {timeout.TotalSeconds}s. It printed:\n{Output}");
            if (_process.HasExited)
            {
                // Its last lines may still be in the output readers: the line looked for is often the last before exiting.
                _process.WaitForExit();
                if (Output.Contains(text, StringComparison.Ordinal))
                    return;
                throw new InvalidOperationException($"cdc exited ({_process.ExitCode}) without printing '{text}'. It printed:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"cdc did not exit within {timeout.TotalSeconds}s. It printed:\n{Output}");
        }
        _process.WaitForExit(); // flushes the output readers
        return _process.ExitCode;
    }

    /// <summary>A graceful stop, as a service manager does it.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
            _ = SendSignal(_process.Id, 15);
        return await WaitForExitAsync(timeout);
    }

    /// <summary>A crash: no chance to drain or store anything.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_lock)
            _output.AppendLine(line);
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);
}
