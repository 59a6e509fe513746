namespace Cdc.IntegrationTests.Values;

/// <summary>
/// A value the target refuses for a reason other than SQLSTATE class 22 (here a CHECK constraint added at the target:
/// PostgreSQL 23514, MariaDB 4025 with SQLSTATE 23000) is refused on every retry: the applier stops with the table, key, source
/// position and stream offset named and what to do, instead of retrying for ever. MariaDB source, each target engine.
/// </summary>
public sealed class RefusedValueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("check", "ALTER TABLE {0} ADD CONSTRAINT small CHECK (qty < 100)", "INSERT INTO items VALUES (2, 'b', 500)")]
    public async Task A_postgres_target_that_refuses_a_value_stops_the_applier_with_the_change_named(string name, string alter, string insert)
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync($"refused_pg_{name}");
        var table = $"\"{pipeline.PostgresSchema}\".items";
        var apply = await StartAsync(pipeline, pipeline.StartApplyToPostgres,
            () => pipeline.PostgresTarget.ScalarAsync<long>($"SELECT count(*) FROM {table}"));

        await pipeline.PostgresTarget.ExecuteAsync(string.Format(alter, table));
        await pipeline.Source.ExecuteAsync(insert);

        await ExpectStoppedAsync(apply);
    }

    [Theory]
    [InlineData("check", "ALTER TABLE items ADD CONSTRAINT small CHECK (qty < 100)", "INSERT INTO items VALUES (2, 'b', 500)")]
    public async Task A_mariadb_target_that_refuses_a_value_stops_the_applier_with_the_change_named(string name, string alter, string insert)
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync($"refused_my_{name}");
        var apply = await StartAsync(pipeline, pipeline.StartApplyToMariaDb,
            () => pipeline.MariaDbTarget.ScalarAsync<long>("SELECT count(*) FROM items"));

        await pipeline.MariaDbTarget.ExecuteAsync(alter);
        await pipeline.Source.ExecuteAsync(insert);

        await ExpectStoppedAsync(apply);
    }

    private static async Task<CdcProcess> StartAsync(MariaDbPipeline pipeline, Func<CdcProcess> startApply, Func<Task<long>> targetRows)
    {
        await pipeline.Source.ExecuteAsync("CREATE TABLE items (id integer PRIMARY KEY, name varchar(40), qty integer); INSERT INTO items VALUES (1, 'a', 1);");
        pipeline.StartCapture();
        var apply = startApply();
        await Eventually.ReachAsync(async () =>
        {
            try
            {
                return await targetRows();
            }
            catch (Exception e) when (e is Npgsql.PostgresException or MySqlConnector.MySqlException)
            {
                return 0; // the applier has not created the table yet
            }
        }, n => n == 1, Patience, n => $"{n} rows at the target");
        return apply;
    }

    private static async Task ExpectStoppedAsync(CdcProcess apply)
    {
        (await apply.WaitForExitAsync(Patience)).Should().Be(1, apply.Output);
        apply.Output.Should().Contain("Table ").And.Contain("items, key id=2, source position").And.Contain("the target refuses a value")
            .And.Contain("start the applier again");
        apply.Output.Should().NotContain("interrupted: PostgresException").And.NotContain("interrupted: MySqlException",
            "a refused value is refused again on every retry");
    }
}
