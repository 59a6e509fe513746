using Cdc.Appliers;
using Cdc.Appliers.Writing;
using Cdc.Appliers.Writing.Evolution;
using Cdc.Connections;
using Cdc.Model;

namespace Cdc.Tests.Appliers;

/// <summary>The DDL an existing PostgreSQL target table gets to follow its source table's versions.</summary>
public sealed class TableEvolutionTests
{
    private static readonly PostgresDialect Dialect = new();
    private static readonly ColumnDefinition Id = new("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true, SourceId: 1);
    private static readonly ColumnDefinition Qty = new("qty", ColumnKind.Int32, "integer", SourceId: 2);
    private static readonly ColumnDefinition Name = new("name", ColumnKind.String, "character varying(20)", Nullable: false, Length: 20, SourceId: 3);

    private static TableDefinition V(params ColumnDefinition[] columns) => new(new TableId("public", "items"), columns);

    private static readonly TargetColumn[] AtVersion1 =
    [
        new("id", "integer", false), new("qty", "integer", true), new("name", "character varying(20)", false),
    ];

    private static EvolutionPlan Plan(DroppedColumnPolicy policy, params TableDefinition[] history) => TableEvolution.Plan(AtVersion1, history, policy, Dialect);

    [Fact]
    public void Nothing_to_do_when_the_target_is_at_the_newest_version() =>
        Plan(DroppedColumnPolicy.Keep, V(Id, Qty, Name)).IsEmpty.Should().BeTrue();

    [Fact]
    public void New_columns_are_added_nullable_or_with_their_default()
    {
        var plan = Plan(DroppedColumnPolicy.Keep, V(Id, Qty, Name), V(Id, Qty, Name,
            new ColumnDefinition("note", ColumnKind.String, "text", SourceId: 4),
            new ColumnDefinition("status", ColumnKind.String, "text", Nullable: false, Default: "it's new", SourceId: 5),
            new ColumnDefinition("code", ColumnKind.Int32, "integer", Nullable: false, SourceId: 6)));
        plan.Statements.Should().Equal(
            "ALTER TABLE \"public\".\"items\" ADD COLUMN \"note\" text",
            "ALTER TABLE \"public\".\"items\" ADD COLUMN \"status\" text DEFAULT 'it''s new'::text NOT NULL",
            "ALTER TABLE \"public\".\"items\" ADD COLUMN \"code\" integer");
        plan.Problems.Should().BeEmpty();
    }

    [Fact]
    public void Widened_types_are_widened_and_catalog_spellings_count_as_the_same_type()
    {
        var plan = Plan(DroppedColumnPolicy.Keep, V(Id, Qty, Name), V(Id, Qty with { Kind = ColumnKind.Int64, SourceType = "bigint" },
            Name with { SourceType = "character varying(40)", Length = 40 }));
        plan.Statements.Should().Equal(
            "ALTER TABLE \"public\".\"items\" ALTER COLUMN \"qty\" TYPE bigint USING \"qty\"::bigint",
            "ALTER TABLE \"public\".\"items\" ALTER COLUMN \"name\" TYPE varchar(40) USING \"name\"::varchar(40)");
    }

    [Fact]
    public void A_change_that_is_not_a_widening_is_reported_not_applied()
    {
        var plan = Plan(DroppedColumnPolicy.Keep, V(Id, Qty, Name), V(Id, Qty with { Kind = ColumnKind.Date, SourceType = "date" }, Name));
        plan.Statements.Should().BeEmpty();
        plan.Problems.Should().ContainSingle().Which.Should().Contain("column qty is integer on the target and date at the source");
    }

    [Fact]
    public void A_narrowing_keeps_the_wider_target_type()
    {
        var plan = Plan(DroppedColumnPolicy.Keep, V(Id, Qty, Name), V(Id, Qty, Name with { SourceType = "character varying(10)", Length = 10 }));
        plan.Statements.Should().BeEmpty();
        plan.Problems.Should().BeEmpty();
    }

    [Fact]
    public void A_rename_follows_the_source_id_through_the_history()
    {
        var plan = Plan(DroppedColumnPolicy.Keep, V(Id, Qty, Name), V(Id, Qty with { Name = "quantity" }, Name), V(Id, Qty with { Name = "amount" }, Name));
        plan.Statements.Should().Equal("ALTER TABLE \"public\".\"items\" RENAME COLUMN \"qty\" TO \"amount\"");
    }

    [Fact]
    public void A_dropped_column_is_kept_nullable_by_default_or_dropped_by_policy()
    {
        Plan(DroppedColumnPolicy.Keep, V(Id, Qty, Name), V(Id, Qty)).Statements
            .Should().Equal("ALTER TABLE \"public\".\"items\" ALTER COLUMN \"name\" DROP NOT NULL");
        Plan(DroppedColumnPolicy.Drop, V(Id, Qty, Name), V(Id, Qty)).Statements
            .Should().Equal("ALTER TABLE \"public\".\"items\" DROP COLUMN \"name\"");
    }

    [Fact]
    public void A_column_the_source_made_nullable_becomes_nullable() =>
        Plan(DroppedColumnPolicy.Keep, V(Id, Qty, Name), V(Id, Qty, Name with { Nullable = true })).Statements
            .Should().Equal("ALTER TABLE \"public\".\"items\" ALTER COLUMN \"name\" DROP NOT NULL");

    [Fact]
    public void Records_of_an_older_version_are_written_under_the_newest_names_without_dropped_columns()
    {
        var v1 = V(Id, Qty, Name);
        var newest = V(Id, Qty with { Name = "amount", Kind = ColumnKind.Int64, SourceType = "bigint" });
        var projection = RecordProjection.Between(v1, newest, new HashSet<string> { "id", "amount" });
        var source = new SourceInfo("hq", DatabaseEngine.Postgres, "db", new Cdc.Positions.SourcePosition(0, 1, 0), "0/1", "1", DateTimeOffset.UnixEpoch);
        var record = new ChangeRecord(Operation.Create, v1, null, new RowImage([7, 3, "seven"], [false, true, false]), source);

        var written = projection.Apply(record);

        written.Table.Columns.Select(c => c.Name).Should().Equal("id", "amount");
        written.Table.Columns[1].Kind.Should().Be(ColumnKind.Int32, "the value keeps the type it was written with");
        written.After!.Values.Should().Equal(7, 3);
        written.After.IsAvailable(1).Should().BeFalse("an unavailable value stays unavailable");
        var current = record with { Table = newest, After = new RowImage([7, 3L]) };
        RecordProjection.Between(newest, newest, new HashSet<string> { "id", "amount" }).Apply(current).Should().BeSameAs(current);
    }
}
