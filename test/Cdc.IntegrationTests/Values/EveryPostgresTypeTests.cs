using Npgsql;

namespace Cdc.IntegrationTests.Values;

/// <summary>
/// One table with a column of every type pg_type lists that a column can have here, and an array of each, filled with
/// NULL, edge values and ordinary values, streamed PostgreSQL → PostgreSQL through bin/cdc: every row's text is equal
/// at the target, and each column has the source's type there (an enum, as always, becomes text; a domain its base type;
/// an array of an enum or a domain keeps its type, which the target has too).
/// </summary>
public sealed class EveryPostgresTypeTests
{
    private const int Edge = 50; // rows after the sample rows: a two-dimensional array, an empty one, one with bounds [0:1]

    [Fact]
    public async Task Every_type_and_an_array_of_each_arrive_with_the_same_text_and_type()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("everytype");
        await pipeline.Source.ExecuteAsync(PostgresTypeSamples.UserTypes);
        await pipeline.Target.ExecuteAsync(PostgresTypeSamples.UserTypes);
        var types = await TypesAsync(pipeline.Source);
        await CheckInputRefusedAsync(pipeline.Source, types);
        var columns = types.Where(t => !PostgresTypeSamples.InputRefused.Contains(t)).ToList();
        columns.Where(t => !PostgresTypeSamples.Values.ContainsKey(t)).Should().BeEmpty("every type that takes values needs samples in PostgresTypeSamples");
        await pipeline.Source.ExecuteAsync(CreateTable(columns) + """
            CREATE TABLE keyless (p point, x xml, j json, a integer[], m matrix);
            ALTER TABLE keyless REPLICA IDENTITY FULL;
            """);

        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        await pipeline.Source.ExecuteAsync(Rows(columns) + """
            UPDATE every_type SET c_text = 'changed', a_timestamp = '{{294276-12-31 23:59:59.999999,NULL}}' WHERE id = 2;
            INSERT INTO keyless VALUES ('(1,2)', '<a/>', '{"a": 1}', '{1,2}', '{{1,2},{3,4}}'), ('(1,2)', '<b/>', '[]', '{{1}}', '[0:0]={1}');
            DELETE FROM keyless WHERE x::text = '<a/>';
            UPDATE keyless SET p = '(3,4)';
            """);
        var apply = pipeline.StartApply();

        try
        {
            await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(90), ("every_type", "id"), ("keyless", "x::text"));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\ncapturer:\n{Tail(capture.Output)}\napplier:\n{Tail(apply.Output)}", e);
        }
        var sourceTypes = await ColumnTypesAsync(pipeline.Source, "every_type");
        var targetTypes = await ColumnTypesAsync(pipeline.Target, "every_type");
        var expected = sourceTypes.Select(c => (c.Name, Type: c.Name switch
        {
            "c_mood" => "text",
            "c_positive" => "integer",
            "c_short_text" => "character varying(5)",
            "c_matrix" => "integer[]",
            _ => c.Type,
        })).ToList();
        targetTypes.Select(c => c.Name).Should().Equal(expected.Select(c => c.Name));
        targetTypes.Where((c, i) => c.Type != expected[i].Type).Select(c => $"{c.Name} is {c.Type}, expected {expected.First(e => e.Name == c.Name).Type}")
            .Should().BeEmpty("a target of the same engine gets the source's column type");
        capture.Output.Should().NotContain("retrying", "no value may make the capturer retry");
        apply.Output.Should().NotContain("retrying", "no value may make the applier retry");
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }

    private static string Tail(string output) => output.Length > 4000 ? output[^4000..] : output;

    /// <summary>Base types, ranges and multiranges of pg_catalog and the extensions, and the test's own types: by name.</summary>
    private static async Task<List<string>> TypesAsync(PostgresDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname IN ('pg_catalog', 'public') AND t.typtype IN ('b', 'r', 'm', 'e', 'c', 'd')
              AND t.typinput <> 'array_in'::regproc AND (t.typtype <> 'c' OR t.typrelid IN (SELECT oid FROM pg_class WHERE relkind = 'c'))
              AND (n.nspname = 'public' OR t.typtype IN ('b', 'r', 'm'))
            ORDER BY t.typname
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var types = new List<string>();
        while (await reader.ReadAsync())
            types.Add(reader.GetString(0));
        return types;
    }

    /// <summary>A type left out must really refuse every value: its column could only hold NULL.</summary>
    private static async Task CheckInputRefusedAsync(PostgresDatabase database, List<string> types)
    {
        foreach (var type in types.Where(PostgresTypeSamples.InputRefused.Contains))
        {
            var cast = () => database.ScalarAsync<string>($"SELECT 'x'::{type}::text");
            (await cast.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().MatchRegex("(?i)cannot accept a value|not implemented", type);
        }
    }

    private static string Declared(string type) => PostgresTypeSamples.Declared.GetValueOrDefault(type, $"\"{type}\"");

    private static string CreateTable(List<string> types) =>
        "CREATE TABLE every_type (id integer PRIMARY KEY, " +
        string.Join(", ", types.Select(t => $"c_{t} {Declared(t)}, a_{t} {Declared(t)}[]")) + ");\n";

    /// <summary>
    /// Row 1 all NULL; row k+2 the k-th sample of each type (NULL past its samples) and an array of it with a NULL; then
    /// a two-dimensional array, an empty array and one with bounds [0:1] of each type.
    /// </summary>
    private static string Rows(List<string> types)
    {
        var rows = new List<string> { "(1" + string.Concat(types.Select(_ => ", NULL, NULL")) + ")" };
        var most = types.Max(t => PostgresTypeSamples.Values[t].Length);
        for (var k = 0; k < most; k++)
            rows.Add($"({k + 2}" + string.Concat(types.Select(t => Sample(t, k) is { } v
                ? $", {v}, ARRAY[{v}, NULL, {Sample(t, k + 1) ?? v}]::{Declared(t)}[]"
                : ", NULL, NULL")) + ")");
        rows.Add($"({Edge}" + string.Concat(types.Select(t => $", NULL, ARRAY[[{Sample(t, 0)}, NULL], [{Sample(t, 1) ?? "NULL"}, {Sample(t, 0)}]]::{Declared(t)}[]")) + ")");
        rows.Add($"({Edge + 1}" + string.Concat(types.Select(t => $", NULL, '{{}}'::{Declared(t)}[]")) + ")");
        rows.Add($"({Edge + 2}" + string.Concat(types.Select(t => $", NULL, array_fill({Sample(t, 0)}, ARRAY[2], ARRAY[0])")) + ")");
        return $"INSERT INTO every_type VALUES\n{string.Join(",\n", rows)};\n";
    }

    private static string? Sample(string type, int k) =>
        PostgresTypeSamples.Values[type] is var values && k < values.Length ? $"'{values[k].Replace("'", "''")}'::{Declared(type)}" : null;

    private static async Task<List<(string Name, string Type)>> ColumnTypesAsync(PostgresDatabase database, string table)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT attname::text, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '{table}'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new List<(string, string)>();
        while (await reader.ReadAsync())
            columns.Add((reader.GetString(0), reader.GetString(1)));
        return columns;
    }
}
