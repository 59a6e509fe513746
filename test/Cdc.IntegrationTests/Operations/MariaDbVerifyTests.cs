namespace Cdc.IntegrationTests.Operations;

/// <summary>
/// <c>cdc verify</c> across engines: a MariaDB source against its PostgreSQL and MariaDB targets, and the PostgreSQL
/// target against the MariaDB one, with text keys whose collation order differs between the engines.
/// </summary>
[Collection(SharedMariaDbCollection.Name)]
public sealed class MariaDbVerifyTests
{
    [Fact]
    public async Task Verify_ranges_text_and_composite_keys_alike_on_PostgreSQL_and_MariaDB_and_names_the_differing_keys()
    {
        var (pipeline, _, _, _) = await MariaDbOffice.AppliedAsync("myverify");
        await using var _pipeline = pipeline;
        var source = pipeline.Source.UriText;
        var postgres = pipeline.PostgresTarget.UriText;
        var mariaDb = pipeline.MariaDbTarget.UriText;
        var schema = pipeline.PostgresSchema;

        foreach (var (from, to) in new[] { (source, postgres), (source, mariaDb), (postgres, mariaDb) })
        {
            var equal = await Workload.CdcAsync("verify", "--source", from, "--target", to, "--chunk-size", "3");
            equal.ExitCode.Should().Be(0, $"{from} -> {to}: {equal.Output}");
            equal.Output.Should().Contain("\t40\t40\t14\t0\t0\tequal").And.Contain("\t39\t39\t13\t0\t0\tequal").And.Contain("\t24\t24\t8\t0\t0\tequal");
        }

        await pipeline.PostgresTarget.ExecuteAsync($"""
            UPDATE "{schema}".tags SET label = 'changed behind its back' WHERE code = 'Äpfel02';
            DELETE FROM "{schema}".stock WHERE shop = 'Ωmega' AND sku = 4;
            """);
        await pipeline.MariaDbTarget.ExecuteAsync("INSERT INTO tags VALUES ('zz only here', 'extra', 1000); UPDATE stock SET qty = 0 WHERE shop = '🌍 world' AND sku = 7;");

        var toPostgres = await Workload.CdcAsync("verify", "--source", source, "--target", postgres, "--chunk-size", "3", "--json");
        toPostgres.ExitCode.Should().Be(1, toPostgres.Output);
        toPostgres.Output.Should()
            .Contain("\"key\":\"Äpfel02\",\"difference\":\"values differ\"")
            .And.Contain("\"key\":\"Ωmega, 4\",\"difference\":\"missing in target\"")
            .And.Contain("\"differing_chunks\":1,\"differing_keys\":1")
            .And.NotContain("zz only here");
        var toMariaDb = await Workload.CdcAsync("verify", "--source", source, "--target", mariaDb, "--chunk-size", "3", "--json");
        toMariaDb.ExitCode.Should().Be(1, toMariaDb.Output);
        toMariaDb.Output.Should()
            .Contain("\"key\":\"zz only here\",\"difference\":\"only in target\"")
            .And.Contain(@"""key"":""\uD83C\uDF0D world, 7"",""difference"":""values differ""", "JSON escapes characters beyond the BMP")
            .And.Contain("\"from_key\":");
        var between = await Workload.CdcAsync("verify", "--source", postgres, "--target", mariaDb, "--tables", "tags", "--chunk-size", "3");
        between.ExitCode.Should().Be(1, between.Output);
        between.Output.Should().Contain("Äpfel02\tvalues differ").And.Contain("zz only here\tonly in target");
    }
}
