namespace Cdc.IntegrationTests.Operations;

/// <summary>
/// One office's workload, captured and applied (<see cref="Workload.AppliedAsync"/>), shared by the operator command
/// tests that only read its stream and databases: building a pipeline per test was most of their time. The tests that
/// write to the source (the stream grows) or move offsets keep a pipeline of their own. A test that changes the target
/// (verify) or stops the applier (replay's failures) changes nothing another test of the collection looks at: they
/// read the stream, which only the source's writes change.
/// </summary>
public sealed class AppliedOffice : IAsyncLifetime
{
    public PostgresPipeline Pipeline { get; private set; } = null!;

    public CdcProcess Apply { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var (pipeline, _, apply) = await Workload.AppliedAsync("shared");
        (Pipeline, Apply) = (pipeline, apply);
    }

    public async Task DisposeAsync() => await Pipeline.DisposeAsync();
}
