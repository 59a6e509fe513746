using Cdc.IntegrationTests.Harness;
using Cdc.Schemas.Compatibility;

namespace Cdc.IntegrationTests.Schemas;

/// <summary>DDL at the source while a workload runs: every change arrives, every DDL is a version, the target follows.</summary>
public sealed class LiveEvolutionTests
{
    [Fact]
    public async Task Adds_widenings_a_rename_a_drop_and_a_new_table_flow_through_while_a_workload_runs()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("live_evolution");
        await pipeline.Source.ExecuteAsync(SchemaEvolution.Create);
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(30));
        var apply = pipeline.StartApply();

        using var stop = new CancellationTokenSource();
        var workload = Task.Run(async () =>
        {
            for (var id = 100; !stop.IsCancellationRequested; id++)
            {
                await pipeline.Source.ExecuteAsync($"INSERT INTO items (id, qty, name) VALUES ({id}, {id}, 'load {id}'); UPDATE items SET qty = qty * 2 WHERE id = {id - 50};");
                await Task.Delay(10);
            }
        });
        await SchemaEvolution.RunAsync(pipeline.Source);
        await stop.CancelAsync();
        await workload;

        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(30), (SchemaEvolution.Compared, "id"), ("extra", "id"));
        (await SchemaEvolution.ColumnsAsync(pipeline.Target, "items")).Should().Be(
            "id integer NO, qty bigint YES, name character varying(40) NO, old_col text YES 'old'::text, remark text YES, status text NO 'new'::text",
            "old_col is kept (the default policy) and made nullable; widened types are widened; note is renamed; status keeps its default");

        await using (var registry = await SchemaEvolution.OpenRegistryAsync(pipeline.Broker))
        {
            var versions = registry.Versions($"{pipeline.Office}.public.items");
            versions.Should().HaveCount(SchemaEvolution.Steps.Length + 1);
            for (var v = 1; v < versions.Count; v++)
                SchemaDiff.Between(versions[v - 1].Table, versions[v].Table).Select(c => c.Kind)
                    .Should().Equal([SchemaEvolution.Expected[v - 1]], $"version {v + 1} comes from: {SchemaEvolution.Steps[v - 1]}");
            registry.Versions($"{pipeline.Office}.public.extra").Should().HaveCount(1);
        }
        capture.Output.Should().Contain($"Schema {pipeline.Office}.public.items version 6 is not BACKWARD compatible with version 5: note → remark: renamed");

        var (listed, list) = await CdcProcess.RunAsync(TimeSpan.FromSeconds(30), "schemas", "list", "--broker", pipeline.Broker);
        listed.Should().Be(0, list);
        list.Should().Contain($"{pipeline.Office}.public.items 7 ").And.Contain($"{pipeline.Office}.public.extra 1 ");
        var (diffed, diff) = await CdcProcess.RunAsync(TimeSpan.FromSeconds(30), "schemas", "diff", $"{pipeline.Office}.public.items", "3", "4", "--broker", pipeline.Broker);
        diffed.Should().Be(0, diff);
        diff.Should().Contain("qty: integer → bigint (widened)").And.Contain("BACKWARD: compatible").And.Contain("FORWARD: breaks");
        var (missing, _) = await CdcProcess.RunAsync(TimeSpan.FromSeconds(30), "schemas", "show", $"{pipeline.Office}.public.items", "99", "--broker", pipeline.Broker);
        missing.Should().Be(1);

        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }
}
