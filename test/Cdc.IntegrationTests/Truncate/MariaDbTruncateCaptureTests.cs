namespace Cdc.IntegrationTests.Truncate;

/// <summary>
/// MySQL/MariaDB log TRUNCATE as a statement (a query event), not as row events: the capturer reads it as a truncate
/// record of that table, whatever the spelling (quoted or not, qualified or not, comments); DROP and RENAME TABLE are
/// logged as schema events.
/// </summary>
public sealed class MariaDbTruncateCaptureTests
{
    [Fact]
    public async Task A_truncate_at_a_mariadb_source_empties_the_table_at_both_target_engines()
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync("mtrunc");
        var db = pipeline.Source.Name;
        await pipeline.Source.ExecuteAsync("""
            CREATE TABLE sales (id int PRIMARY KEY, amount decimal(10,2));
            CREATE TABLE notes (id int PRIMARY KEY, note varchar(20));
            CREATE TABLE scratch (id int PRIMARY KEY);
            """);
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        pipeline.StartApplyToPostgres();
        pipeline.StartApplyToMariaDb();
        await pipeline.Source.ExecuteAsync(
            "INSERT INTO sales VALUES " + string.Join(", ", Enumerable.Range(1, 100).Select(i => $"({i}, {i}.50)")) + ";" +
            "INSERT INTO notes VALUES (1, 'a'), (2, 'b');");
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), "sales", "id, amount", "id");
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), "notes", "id, note", "id");

        await pipeline.Source.ExecuteAsync($"TRUNCATE /* the whole day */ TABLE `{db}`.`sales`");
        await pipeline.Source.ExecuteAsync("-- by hand\ntruncate notes");
        await pipeline.Source.ExecuteAsync("RENAME TABLE scratch TO scratch_old");
        await pipeline.Source.ExecuteAsync("DROP TABLE scratch_old");
        await pipeline.Source.ExecuteAsync("INSERT INTO sales VALUES (1000, 1.00)");

        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), "sales", "id, amount", "id");
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), "notes", "id, note", "id");
        (await pipeline.MariaDbTarget.RowsAsync("SELECT id FROM sales")).Should().Equal(["1000"], "the truncate emptied the table before the later insert");
        (await pipeline.MariaDbTarget.RowsAsync("SELECT id FROM notes")).Should().BeEmpty();
        capture.Output.Should().Contain($"rename table {db}.scratch, {db}.scratch_old").And.Contain($"drop table {db}.scratch_old");
    }
}
