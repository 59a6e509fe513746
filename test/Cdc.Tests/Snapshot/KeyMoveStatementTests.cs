using Cdc.Appliers.Writing;
using Cdc.Model;
using Cdc.Positions;

namespace Cdc.Tests.Snapshot;

/// <summary>An update that moved a key must land on a target that does not hold the old row yet (watermarked snapshot chunks).</summary>
public sealed class KeyMoveStatementTests
{
    private static readonly TableDefinition Lines = new(new TableId("public", "lines"),
        [new ColumnDefinition("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true), new ColumnDefinition("qty", ColumnKind.Int32, "integer")]);

    private static readonly SourceInfo Source = new("o", "postgres", "db", new SourcePosition(0, 1, 0), "0/1", "1", DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_key_move_with_the_whole_new_row_updates_the_old_row_else_upserts_the_new_one()
    {
        var change = new ChangeRecord(Operation.Update, Lines, new RowImage([1, null], [false, true]), new RowImage([101, 5]), Source);

        var statement = new ChangeStatements(new PostgresDialect()).For(change).Should().ContainSingle().Subject;

        statement.Sql.Should().Be(
            "WITH moved AS (UPDATE \"public\".\"lines\" SET \"id\" = $1::integer, \"qty\" = $2::integer WHERE \"id\" = $3::integer RETURNING 1) " +
            "INSERT INTO \"public\".\"lines\" (\"id\", \"qty\") SELECT $4::integer, $5::integer WHERE NOT EXISTS (SELECT 1 FROM moved) " +
            "ON CONFLICT (\"id\") DO UPDATE SET \"qty\" = EXCLUDED.\"qty\"");
        statement.Parameters.Select(p => p.Item2).Should().Equal(101, 5, 1, 101, 5);
    }

    [Fact]
    public void A_key_move_with_an_incomplete_new_row_updates_the_old_row()
    {
        var change = new ChangeRecord(Operation.Update, Lines, new RowImage([1, null], [false, true]), new RowImage([101, null], [false, true]), Source);

        new ChangeStatements(new PostgresDialect()).For(change).Select(s => s.Sql).Should().ContainSingle().Which.Should().StartWith("UPDATE ");
    }
}
