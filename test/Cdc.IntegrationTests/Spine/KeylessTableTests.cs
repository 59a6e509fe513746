namespace Cdc.IntegrationTests.Spine;

/// <summary>History and log tables have no primary key: inserts always flow, updates and deletes with REPLICA IDENTITY FULL.</summary>
public sealed class KeylessTableTests
{
    [Fact]
    public async Task A_table_without_a_key_takes_inserts_and_one_row_per_update_or_delete()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("keyless");
        await pipeline.Source.ExecuteAsync("""
            CREATE TABLE ledger (account integer, amount numeric(10,2), note text, doc json);
            ALTER TABLE ledger REPLICA IDENTITY FULL;
            """);
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        pipeline.StartApply();

        await pipeline.Source.ExecuteAsync("""
            INSERT INTO ledger VALUES (1, 10.00, 'twin', '{"a":1}'), (1, 10.00, 'twin', '{"a":1}'), (2, NULL, NULL, NULL), (3, 5.50, 'x', '[]');
            -- Two identical rows: each statement below must change exactly one of them on the target too.
            UPDATE ledger SET note = 'first of the twins' WHERE ctid = (SELECT min(ctid) FROM ledger WHERE note = 'twin');
            DELETE FROM ledger WHERE account = 2;
            DELETE FROM ledger WHERE ctid = (SELECT min(ctid) FROM ledger WHERE account = 3);
            """);

        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), ("ledger", "account, note"));
        (await pipeline.Target.RowsAsync("ledger", "note")).Should().Equal(
            "(1,10.00,\"first of the twins\",\"{\"\"a\"\":1}\")", "(1,10.00,twin,\"{\"\"a\"\":1}\")");
    }
}
