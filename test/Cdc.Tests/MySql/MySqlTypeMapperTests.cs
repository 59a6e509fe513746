using Cdc.Binlog;
using Cdc.Capture.MySql;
using Cdc.Model;

namespace Cdc.Tests.MySql;

public sealed class MySqlTypeMapperTests
{
    private const int Utf8Mb4 = 45;
    private static readonly Dictionary<int, int> Widths = new() { [Utf8Mb4] = 4, [63] = 1 };

    [Fact]
    public async Task Unsigned_bigint_is_an_exact_decimal_and_varchar_length_is_in_characters()
    {
        var mapper = new MySqlTypeMapper(Widths, NoJson);

        var table = await mapper.MapAsync(Map(
            new ColumnInfo(0, ColumnType.LongLong, 0, false) { Name = "id", IsUnsigned = true },
            new ColumnInfo(1, ColumnType.VarChar, 160, true) { Name = "name", Collation = Utf8Mb4 },
            new ColumnInfo(2, ColumnType.Time2, 3, true) { Name = "took" }), CancellationToken.None);

        table.Columns[0].Should().Be(new ColumnDefinition("id", ColumnKind.Decimal, "bigint unsigned", Nullable: false, IsKey: true, Precision: 20, Scale: 0));
        table.Columns[1].Should().Be(new ColumnDefinition("name", ColumnKind.String, "varchar(40)", Length: 40));
        table.Columns[2].Should().Be(new ColumnDefinition("took", ColumnKind.Interval, "time(3)", Precision: 3));
    }

    [Fact]
    public async Task The_same_table_map_keeps_its_definition_and_a_changed_one_makes_a_new_version()
    {
        var mapper = new MySqlTypeMapper(Widths, NoJson);
        var id = new ColumnInfo(0, ColumnType.Long, 0, false) { Name = "id", IsUnsigned = false };

        var first = await mapper.MapAsync(Map(id), CancellationToken.None);
        var again = await mapper.MapAsync(Map(id), CancellationToken.None);
        var altered = await mapper.MapAsync(Map(id, new ColumnInfo(1, ColumnType.Long, 0, true) { Name = "added", IsUnsigned = false }), CancellationToken.None);

        again.Should().BeSameAs(first, "the pipeline caches schemas by definition instance");
        altered.Should().NotBe(first);
        altered.Columns.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_mariadb_longtext_with_a_json_valid_check_is_json()
    {
        var mapper = new MySqlTypeMapper(Widths, Catalog(("doc", "json")));

        var table = await mapper.MapAsync(Map(
            new ColumnInfo(0, ColumnType.Long, 0, false) { Name = "id", IsUnsigned = false },
            new ColumnInfo(1, ColumnType.Blob, 4, true) { Name = "doc", Collation = 46 },
            new ColumnInfo(2, ColumnType.Blob, 4, true) { Name = "note", Collation = Utf8Mb4 },
            new ColumnInfo(3, ColumnType.Blob, 2, true) { Name = "raw", Collation = 63 }), CancellationToken.None);

        table.Columns.Select(c => (c.Kind, c.SourceType)).Should().Equal(
            (ColumnKind.Int32, "int"), (ColumnKind.Json, "json"), (ColumnKind.String, "longtext"), (ColumnKind.Bytes, "blob"));
    }

    [Fact]
    public async Task MariaDb_inet4_inet6_and_uuid_travel_as_their_text_and_binary_16_stays_bytes()
    {
        var mapper = new MySqlTypeMapper(Widths, Catalog(("ip", "inet6"), ("v4", "inet4"), ("u", "uuid")));

        var table = await mapper.MapAsync(Map(
            new ColumnInfo(0, ColumnType.String, 16, false) { Name = "ip", Collation = 63 },
            new ColumnInfo(1, ColumnType.String, 4, true) { Name = "v4", Collation = 63 },
            new ColumnInfo(2, ColumnType.String, 16, true) { Name = "u", Collation = 63 },
            new ColumnInfo(3, ColumnType.String, 16, true) { Name = "raw", Collation = 63 }), CancellationToken.None);

        table.Columns.Should().Equal(
            new ColumnDefinition("ip", ColumnKind.Text, "inet6", Nullable: false, IsKey: true, Length: 39),
            new ColumnDefinition("v4", ColumnKind.Text, "inet4", Length: 15),
            new ColumnDefinition("u", ColumnKind.Text, "uuid", Length: 36),
            new ColumnDefinition("raw", ColumnKind.Bytes, "binary(16)", Length: 16));
    }

    private static TableMapEvent Map(params ColumnInfo[] columns) =>
        new(default, "mariadb-bin.000001", 7, "shop", "t", columns, [new PrimaryKeyColumn(0, 0)]);

    private static Task<IReadOnlyDictionary<string, string>> NoJson(TableId table, CancellationToken ct) => Catalog()(table, ct);

    private static Func<TableId, CancellationToken, Task<IReadOnlyDictionary<string, string>>> Catalog(params (string Column, string Type)[] types) =>
        (_, _) => Task.FromResult<IReadOnlyDictionary<string, string>>(types.ToDictionary(t => t.Column, t => t.Type));
}
