namespace Cdc.IntegrationTests.Snapshot;

/// <summary>
/// An update that moves a primary key, applied to a MariaDB target: it updates the old row when the target has it (its
/// triggers see an UPDATE), and inserts the whole new row when the target lacks the old one (as after a watermarked
/// chunk that left the row to the log).
/// </summary>
[Collection(SharedMariaDbCollection.Name)]
public sealed class MariaDbKeyMoveTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_key_move_lands_on_a_mariadb_target_with_and_without_the_old_row()
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync("mykeymove");
        const string table = "CREATE TABLE moved (id int PRIMARY KEY, name varchar(20) NOT NULL, qty int);";
        await pipeline.Source.ExecuteAsync(table + "INSERT INTO moved VALUES (1, 'only at the source', 7);");
        await pipeline.MariaDbTarget.ExecuteAsync(table + """
            CREATE TABLE audit (op varchar(10) NOT NULL, n int NOT NULL, PRIMARY KEY (op));
            CREATE TRIGGER moved_i AFTER INSERT ON moved FOR EACH ROW INSERT INTO audit VALUES ('INSERT', 1) ON DUPLICATE KEY UPDATE n = n + 1;
            CREATE TRIGGER moved_u AFTER UPDATE ON moved FOR EACH ROW INSERT INTO audit VALUES ('UPDATE', 1) ON DUPLICATE KEY UPDATE n = n + 1;
            CREATE TRIGGER moved_d AFTER DELETE ON moved FOR EACH ROW INSERT INTO audit VALUES ('DELETE', 1) ON DUPLICATE KEY UPDATE n = n + 1;
            """);
        var capture = pipeline.StartCapture("--snapshot-mode", "never", "--tables", $"{pipeline.Source.Name}.moved");
        pipeline.StartApplyToMariaDb();
        await capture.WaitForOutputAsync("Streaming the binlog", Patience);

        await pipeline.Source.ExecuteAsync("INSERT INTO moved VALUES (2, 'on both', 1); UPDATE moved SET id = 202, qty = 2 WHERE id = 2; UPDATE moved SET id = 101 WHERE id = 1;");

        var sql = "SELECT id, name, qty FROM moved ORDER BY id";
        await Eventually.ReachAsync(() => pipeline.MariaDbTarget.RowsAsync(sql), rows => rows.Count == 2, Patience, rows => string.Join("; ", rows));
        (await pipeline.MariaDbTarget.RowsAsync(sql)).Should().Equal(await pipeline.Source.RowsAsync(sql));
        (await pipeline.MariaDbTarget.RowsAsync("SELECT op, n FROM audit ORDER BY op")).Should().Equal(
            ["INSERT | 2", "UPDATE | 1"], "row 2 was inserted, then updated in place; row 1 was not on the target, so its move inserted it whole");
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }
}
