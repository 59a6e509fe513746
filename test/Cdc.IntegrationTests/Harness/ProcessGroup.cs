namespace Cdc.IntegrationTests.Harness;

/// <summary>The bin/cdc processes a test started: all of them are killed when the group is disposed.</summary>
public sealed class ProcessGroup : IAsyncDisposable
{
    private readonly List<CdcProcess> _processes = [];

    public CdcProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>Starts bin/cdc with extra environment variables.</summary>
    public CdcProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var process = CdcProcess.Start(environment, arguments);
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
            await process.DisposeAsync();
        _processes.Clear();
    }
}
