using Cdc.IntegrationTests.Harness;
using Cdc.Sql;

namespace Cdc.IntegrationTests.Security;

/// <summary>
/// A property test of every place SQL is built: a few hundred hostile identifiers (<see cref="HostileNames"/>) as
/// schema, table and column names of one PostgreSQL office, through snapshot and streaming capture, the registry, an
/// applier into PostgreSQL and one into MariaDB, <c>verify</c>, <c>tail</c> and a <c>replay</c> into a fresh database:
/// every table arrives with its rows, and a sentinel table in each target survives (a name that ended a string
/// constant early once ran <c>DROP TABLE</c> on every MariaDB target).
/// </summary>
public sealed class HostileIdentifierTests
{
    private const int Seed = 14;
    private const int Schemas = 6;
    private const int Tables = 40;
    private const int ColumnsPerTable = 4;

    [Fact]
    public async Task Hostile_schema_table_and_column_names_reach_both_target_engines_intact()
    {
        var names = new HostileNames(Seed);
        var schemas = Enumerable.Range(0, Schemas).Select(_ => names.Next(table: false)).ToArray();
        var tables = Enumerable.Range(0, Tables)
            .Select(i => (Schema: schemas[i % Schemas], Name: names.Next(table: true), Columns: Enumerable.Range(0, ColumnsPerTable).Select(_ => names.Next(table: false)).ToArray()))
            .Append(("public", "x\\'; DROP TABLE sentinel; #", ["id", "v\\'; DROP TABLE sentinel; #", "w", "z"]))
            .Append(("public", "x\"; DROP TABLE sentinel; --", ["id", "v\"); DROP TABLE sentinel; --", "w", "z"]))
            .ToArray();

        await using var pipeline = await PostgresPipeline.CreateAsync("hostile");
        await using var mariaDb = await MariaDbDatabase.CreateAsync("hostile_my");
        await using var replayed = await PostgresDatabase.CreateAsync("hostile_re");
        foreach (var schema in schemas)
            await pipeline.Source.ExecuteAsync($"CREATE SCHEMA {PostgresQuoting.Identifier(schema)}");
        foreach (var (schema, name, columns) in tables)
        {
            var table = PostgresQuoting.QualifiedName(schema, name);
            var c = columns.Select(PostgresQuoting.Identifier).ToArray();
            await pipeline.Source.ExecuteAsync(
                $"CREATE TABLE {table} ({c[0]} integer PRIMARY KEY, {c[1]} text, {c[2]} text DEFAULT {PostgresQuoting.Literal(name)}, {c[3]} varchar(70));" +
                $"INSERT INTO {table} VALUES (1, {PostgresQuoting.Literal(columns[1])}, DEFAULT, {PostgresQuoting.Literal(schema)}), (2, NULL, 'b\\', E'\\\\'';--');");
        }
        await pipeline.Target.ExecuteAsync("CREATE TABLE sentinel (id int PRIMARY KEY); INSERT INTO sentinel VALUES (1);");
        await mariaDb.ExecuteAsync("CREATE TABLE sentinel (id int PRIMARY KEY); INSERT INTO sentinel VALUES (1);");

        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(90));
        foreach (var (schema, name, columns) in tables)
        {
            var table = PostgresQuoting.QualifiedName(schema, name);
            var c = columns.Select(PostgresQuoting.Identifier).ToArray();
            await pipeline.Source.ExecuteAsync(
                $"INSERT INTO {table} ({c[0]}, {c[1]}) VALUES (3, {PostgresQuoting.Literal(name)});" +
                $"UPDATE {table} SET {c[3]} = {PostgresQuoting.Literal(columns[0])} WHERE {c[0]} = 1; DELETE FROM {table} WHERE {c[0]} = 2;");
        }
        var markerRow = "CREATE TABLE IF NOT EXISTS public.zz_marker (id int PRIMARY KEY); INSERT INTO public.zz_marker VALUES (1);";
        await pipeline.Source.ExecuteAsync(markerRow);
        var toPostgres = pipeline.StartApply();
        await using var toMariaDb = CdcProcess.Start("apply", "--name", "hostile_my", "--streams", pipeline.Stream, "--target", mariaDb.UriText, "--broker", pipeline.Broker);

        // The marker's row is the stream's last record: once a target holds it, it holds everything before it
        // (its table appears earlier, before the transaction that carries the rows commits).
        await Eventually.ReachAsync(
            async () => (Postgres: await pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_name = 'zz_marker'") == 1
                    ? await pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM public.zz_marker") : 0,
                MariaDb: (await mariaDb.RowsAsync("SELECT count(*) FROM zz_marker")).FirstOrDefault()),
            n => n.Postgres == 1 && n.MariaDb == "1", TimeSpan.FromSeconds(120),
            n => $"marker rows in PostgreSQL {n.Postgres}, MariaDB {n.MariaDb}; PostgreSQL applier said:\n{toPostgres.Output}\nMariaDB applier said:\n{toMariaDb.Output}");

        foreach (var target in new[] { pipeline.Target.UriText, mariaDb.UriText })
        {
            var verify = await CdcProcess.RunAsync(TimeSpan.FromSeconds(120), "verify", "--source", pipeline.Source.UriText, "--target", target);
            verify.ExitCode.Should().Be(0, $"verify into {target} said:\n{verify.Output}");
        }
        (await pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM sentinel")).Should().Be(1);
        (await mariaDb.ScalarAsync<long>("SELECT count(*) FROM sentinel")).Should().Be(1);
        (await mariaDb.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE()")).Should().Be(tables.Length + 4); // + sentinel, marker, cdc_offsets, cdc_table_feeds

        var tail = await CdcProcess.RunAsync(TimeSpan.FromSeconds(60), "tail", "--stream", pipeline.Stream, "--from", "first", "--broker", pipeline.Broker);
        tail.ExitCode.Should().Be(0, tail.Output);
        tail.Output.Split('\n').Count(l => l.StartsWith('{')).Should().BeGreaterThanOrEqualTo(tables.Length);

        var replay = await CdcProcess.RunAsync(TimeSpan.FromSeconds(120), "replay", "--stream", pipeline.Stream, "--from-offset", "0", "--target", replayed.UriText, "--broker", pipeline.Broker);
        replay.ExitCode.Should().Be(0, replay.Output);
        var again = await CdcProcess.RunAsync(TimeSpan.FromSeconds(120), "verify", "--source", pipeline.Source.UriText, "--target", replayed.UriText);
        again.ExitCode.Should().Be(0, again.Output);
    }

    [Fact]
    public async Task A_name_MariaDB_cannot_hold_stops_its_applier_naming_it_and_nothing_is_cut()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("unholdable");
        await using var mariaDb = await MariaDbDatabase.CreateAsync("unholdable_my");
        await pipeline.Source.ExecuteAsync("CREATE TABLE \"ends with a space \" (id integer PRIMARY KEY); INSERT INTO \"ends with a space \" VALUES (1);");
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(90));
        var toPostgres = pipeline.StartApply();
        await using var toMariaDb = CdcProcess.Start("apply", "--name", "unholdable_my", "--streams", pipeline.Stream, "--target", mariaDb.UriText, "--broker", pipeline.Broker);

        (await toMariaDb.WaitForExitAsync(TimeSpan.FromSeconds(90))).Should().Be(1);
        toMariaDb.Output.Should().Contain("The name 'ends with a space ' cannot be used on MySQL/MariaDB: a name cannot end with a space")
            .And.Contain($"Applying stream {pipeline.Stream}");
        (await mariaDb.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'ends with a space%'")).Should().Be(0);
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), ("\"ends with a space \"", "id"));
    }
}
