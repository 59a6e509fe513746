using Cdc.Appliers.Writing;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Positions;

namespace Cdc.Tests.Snapshot;

/// <summary>A key move whose new row is incomplete (unchanged TOAST) cannot be upserted: it updates the old row.</summary>
public sealed class KeyMoveStatementTests
{
    private static readonly TableDefinition Lines = new(new TableId("public", "lines"),
        [new ColumnDefinition("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true), new ColumnDefinition("qty", ColumnKind.Int32, "integer")]);

    [Fact]
    public void A_key_move_with_an_incomplete_new_row_updates_the_old_row()
    {
        var source = new SourceInfo("o", DatabaseEngine.Postgres, "db", new SourcePosition(0, 1, 0), "0/1", "1", DateTimeOffset.UnixEpoch);
        var change = new ChangeRecord(Operation.Update, Lines, new RowImage([1, null], [false, true]), new RowImage([101, null], [false, true]), source);

        new ChangeStatements(new PostgresDialect()).For(change)!.Sql.Should().Be("UPDATE \"public\".\"lines\" SET \"id\" = $1::integer WHERE \"id\" = $2::integer");
    }
}
