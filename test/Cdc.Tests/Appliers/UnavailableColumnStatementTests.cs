using Cdc.Appliers.Writing;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Positions;

namespace Cdc.Tests.Appliers;

/// <summary>
/// An update that lacks some columns (unchanged TOAST the capturer could not re-read: the source row is gone since)
/// updates an existing target row only: an insert would put NULL or a default where the source has a value.
/// </summary>
public sealed class UnavailableColumnStatementTests
{
    private static readonly TableDefinition Docs = new(new TableId("public", "docs"),
    [
        new ColumnDefinition("id", ColumnKind.Int64, "bigint", Nullable: false, IsKey: true),
        new ColumnDefinition("n", ColumnKind.Int32, "integer"),
        new ColumnDefinition("body", ColumnKind.String, "text", Nullable: false),
    ]);

    private static readonly RowImage Partial = new([1L, 2, null], [false, false, true]);

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public void An_update_without_some_columns_never_inserts(string engine)
    {
        SqlDialect dialect = engine == "postgres" ? new PostgresDialect() : new MySqlDialect();

        var sql = new ChangeStatements(dialect).For(Update(Partial))!;

        sql.Sql.Should().StartWith("UPDATE ").And.NotContain("INSERT").And.NotContain("body");
        sql.Parameters.Select(p => p.Value).Should().Equal(2, 1L);
    }

    [Fact]
    public void Such_updates_do_not_join_a_multi_row_upsert()
    {
        var whole = new RowImage([2L, 3, "text"]);
        var coalescer = new StatementCoalescer(new PostgresDialect(), 2000);

        var statements = coalescer.For([Update(whole), Update(Partial), Update(new RowImage([3L, 4, null], [false, false, true]))], _ => { }).ToList();

        statements.Select(s => s.Sql.Split(' ')[0]).Should().Equal("INSERT", "UPDATE", "UPDATE");
    }

    private static ChangeRecord Update(RowImage after) =>
        new(Operation.Update, Docs, null, after, new SourceInfo("head", DatabaseEngine.Postgres, "shop", new SourcePosition(0, 1, 0), "0/1", "1", DateTimeOffset.UnixEpoch));
}
