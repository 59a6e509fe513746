namespace Cdc.IntegrationTests.Operations;

/// <summary><c>cdc verify</c>: equality when there is, and the exact keys when a row changed behind the applier's back.</summary>
[Collection(AppliedOfficeCollection.Name)]
public sealed class VerifyTests(AppliedOffice office)
{
    [Fact]
    public async Task Verify_reports_equality_then_finds_rows_changed_behind_the_appliers_back()
    {
        var pipeline = office.Pipeline;
        string[] args = ["verify", "--source", pipeline.Source.UriText, "--target", pipeline.Target.UriText, "--chunk-size", "16"];

        var equal = await Workload.CdcAsync(args);
        equal.ExitCode.Should().Be(0, equal.Output);
        equal.Output.Should().Contain("public.accounts\t199\t199\t13\t0\t0\tequal").And.Contain("public.notes\t50\t50\t4\t0\t0\tequal");

        await pipeline.Target.ExecuteAsync("""
            UPDATE accounts SET balance = balance + 0.01 WHERE id = 42;
            DELETE FROM accounts WHERE id = 7;
            INSERT INTO notes VALUES (5000, 'not in the source');
            """);
        var differs = await Workload.CdcAsync([.. args, "--json"]);
        differs.ExitCode.Should().Be(1, differs.Output);
        differs.Output.Should()
            .Contain("{\"table\":\"public.accounts\",\"key\":\"42\",\"difference\":\"values differ\"}")
            .And.Contain("{\"table\":\"public.accounts\",\"key\":\"7\",\"difference\":\"missing in target\"}")
            .And.Contain("{\"table\":\"public.notes\",\"key\":\"5000\",\"difference\":\"only in target\"}")
            .And.Contain("2 of 2 tables differ");

        var onlyNotes = await Workload.CdcAsync("verify", "--source", pipeline.Source.UriText, "--target", pipeline.Target.UriText, "--tables", "accounts", "--max-keys", "1");
        onlyNotes.ExitCode.Should().Be(1);
        onlyNotes.Output.Should().NotContain("public.notes").And.Contain("public.accounts\t199\t198\t");
        var unreachable = await Workload.CdcAsync("verify", "--source", pipeline.Source.UriText, "--target", "postgres://cdc:cdc@127.0.0.1:1/nowhere");
        unreachable.ExitCode.Should().Be(1, unreachable.Output);
        var unknownTable = await Workload.CdcAsync("verify", "--source", pipeline.Source.UriText, "--target", pipeline.Target.UriText, "--tables", "nope");
        unknownTable.ExitCode.Should().Be(1, unknownTable.Output);
        unknownTable.Output.Should().Contain("Table nope is not in the source");
    }
}
