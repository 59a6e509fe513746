using Cdc.Appliers.Writing;
using Cdc.Appliers.Writing.Evolution;
using Cdc.Model;

namespace Cdc.Tests.Appliers;

/// <summary>The statements that give a target table its source table's new primary key, and records written before the change.</summary>
public sealed class KeyEvolutionTests
{
    private static readonly ColumnDefinition Id = new("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true, SourceId: 1);
    private static readonly ColumnDefinition Region = new("region", ColumnKind.String, "text", Nullable: false, SourceId: 2);
    private static readonly ColumnDefinition Qty = new("qty", ColumnKind.Int32, "integer", SourceId: 3);

    [Fact]
    public void PostgreSQL_drops_the_named_constraint_and_adds_the_new_key_in_one_statement()
    {
        var dialect = new PostgresDialect();
        dialect.ReplaceKey("\"s\".\"t\"", new TargetKey("t_pkey", ["id"]), [Id, Region with { IsKey = true }])
            .Should().Be("ALTER TABLE \"s\".\"t\" DROP CONSTRAINT \"t_pkey\", ADD PRIMARY KEY (\"id\", \"region\")");
        dialect.ReplaceKey("\"s\".\"t\"", TargetKey.None, [Id]).Should().Be("ALTER TABLE \"s\".\"t\" ADD PRIMARY KEY (\"id\")");
        dialect.ReplaceKey("\"s\".\"t\"", new TargetKey("t_pkey", ["id"]), []).Should().Be("ALTER TABLE \"s\".\"t\" DROP CONSTRAINT \"t_pkey\"");
    }

    [Fact]
    public void MySQL_retypes_key_columns_to_bounded_types_in_the_same_statement()
    {
        var dialect = new MySqlDialect();
        dialect.ReplaceKey("`t`", new TargetKey("PRIMARY", ["id"]), [Id, Region with { IsKey = true }])
            .Should().Be("ALTER TABLE `t` DROP PRIMARY KEY, MODIFY COLUMN `id` INT NOT NULL, MODIFY COLUMN `region` VARCHAR(255) NOT NULL, ADD PRIMARY KEY (`id`, `region`)");
        dialect.ReplaceKey("`t`", new TargetKey("PRIMARY", ["id"]), []).Should().Be("ALTER TABLE `t` DROP PRIMARY KEY");
    }

    [Fact]
    public void A_record_written_before_a_key_change_is_matched_by_the_new_key()
    {
        var before = new TableDefinition(new TableId("s", "t"), [Id, Region, Qty]);
        var after = new TableDefinition(new TableId("s", "t"), [Id, Region with { IsKey = true }, Qty]);
        var projection = RecordProjection.Between(before, after, new HashSet<string> { "id", "region", "qty" });
        var source = new SourceInfo("o", Connections.DatabaseEngine.Postgres, "db", new Positions.SourcePosition(0, 1, 0), "0/1", "1", DateTimeOffset.UnixEpoch);
        var record = new ChangeRecord(Operation.Update, before, null, new RowImage([1, "north", 5]), source);

        var projected = projection.Apply(record);

        projected.Table.KeyIndexes.Should().Equal(0, 1);
        projected.After![1].Should().Be("north");
        RecordProjection.Between(after, after, new HashSet<string> { "id", "region", "qty" }).Apply(record with { Table = after }).Table.Should().BeSameAs(after);
    }
}
