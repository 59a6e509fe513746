using Cdc.Model;
using Cdc.Schemas.Compatibility;

namespace Cdc.Tests.Schemas;

/// <summary>One test per compatibility rule: the change the diff finds, and which modes it breaks.</summary>
public sealed class CompatibilityRulesTests
{
    private static readonly ColumnDefinition Id = new("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true, SourceId: 1);
    private static readonly ColumnDefinition Name = new("name", ColumnKind.String, "character varying(20)", Length: 20, SourceId: 2);

    private static TableDefinition Table(params ColumnDefinition[] columns) => new(new TableId("public", "t"), columns);

    private static void Expect(TableDefinition previous, TableDefinition next, ColumnChangeKind kind, bool backward, bool forward)
    {
        var changes = SchemaDiff.Between(previous, next);
        changes.Select(c => c.Kind).Should().Equal(kind);
        CompatibilityRules.Violations(CompatibilityMode.Backward, changes).Should().HaveCount(backward ? 0 : 1, "BACKWARD");
        CompatibilityRules.Violations(CompatibilityMode.Forward, changes).Should().HaveCount(forward ? 0 : 1, "FORWARD");
        CompatibilityRules.Violations(CompatibilityMode.Full, changes).Should().HaveCount(backward && forward ? 0 : 1, "FULL");
        CompatibilityRules.Violations(CompatibilityMode.None, changes).Should().BeEmpty("NONE checks nothing");
    }

    [Fact]
    public void Adding_a_nullable_field_is_compatible_both_ways() =>
        Expect(Table(Id, Name), Table(Id, Name, new ColumnDefinition("note", ColumnKind.String, "text", SourceId: 3)),
            ColumnChangeKind.AddedOptional, backward: true, forward: true);

    [Fact]
    public void Adding_a_not_null_field_with_a_default_is_optional() =>
        Expect(Table(Id, Name), Table(Id, Name, new ColumnDefinition("flag", ColumnKind.Boolean, "boolean", Nullable: false, Default: "f", SourceId: 3)),
            ColumnChangeKind.AddedOptional, backward: true, forward: true);

    [Fact]
    public void Adding_a_required_field_breaks_backward() =>
        Expect(Table(Id, Name), Table(Id, Name, new ColumnDefinition("code", ColumnKind.Int32, "integer", Nullable: false, SourceId: 3)),
            ColumnChangeKind.AddedRequired, backward: false, forward: true);

    [Fact]
    public void Removing_an_optional_field_is_compatible_both_ways() =>
        Expect(Table(Id, Name), Table(Id), ColumnChangeKind.RemovedOptional, backward: true, forward: true);

    [Fact]
    public void Removing_a_required_field_breaks_forward() =>
        Expect(Table(Id, Name with { Nullable = false }), Table(Id), ColumnChangeKind.RemovedRequired, backward: true, forward: false);

    [Theory]
    [InlineData(ColumnKind.Int32, "integer", null, null, null, ColumnKind.Int64, "bigint", null, null, null)]
    [InlineData(ColumnKind.Int16, "smallint", null, null, null, ColumnKind.Int32, "integer", null, null, null)]
    [InlineData(ColumnKind.String, "character varying(20)", 20, null, null, ColumnKind.String, "character varying(40)", 40, null, null)]
    [InlineData(ColumnKind.String, "character varying(20)", 20, null, null, ColumnKind.String, "text", null, null, null)]
    [InlineData(ColumnKind.Decimal, "numeric(10,2)", null, 10, 2, ColumnKind.Decimal, "numeric(12,2)", null, 12, 2)]
    [InlineData(ColumnKind.Decimal, "numeric(10,2)", null, 10, 2, ColumnKind.Numeric, "numeric", null, null, null)]
    [InlineData(ColumnKind.Float32, "real", null, null, null, ColumnKind.Float64, "double precision", null, null, null)]
    public void Widening_breaks_forward_only(ColumnKind kind, string type, int? length, int? precision, int? scale,
        ColumnKind wider, string widerType, int? widerLength, int? widerPrecision, int? widerScale)
    {
        var before = new ColumnDefinition("v", kind, type, Length: length, Precision: precision, Scale: scale, SourceId: 2);
        var after = new ColumnDefinition("v", wider, widerType, Length: widerLength, Precision: widerPrecision, Scale: widerScale, SourceId: 2);
        Expect(Table(Id, before), Table(Id, after), ColumnChangeKind.Widened, backward: true, forward: false);
    }

    [Fact]
    public void Narrowing_breaks_backward() =>
        Expect(Table(Id, Name), Table(Id, Name with { SourceType = "character varying(10)", Length = 10 }),
            ColumnChangeKind.Narrowed, backward: false, forward: true);

    [Fact]
    public void A_decimal_losing_integer_digits_while_gaining_fraction_digits_is_another_type() =>
        Expect(Table(Id, new ColumnDefinition("v", ColumnKind.Decimal, "numeric(10,2)", Precision: 10, Scale: 2, SourceId: 2)),
            Table(Id, new ColumnDefinition("v", ColumnKind.Decimal, "numeric(10,4)", Precision: 10, Scale: 4, SourceId: 2)),
            ColumnChangeKind.Retyped, backward: false, forward: false);

    [Fact]
    public void Changing_the_kind_breaks_both() =>
        Expect(Table(Id, Name), Table(Id, Name with { Kind = ColumnKind.Int64, SourceType = "bigint", Length = null }),
            ColumnChangeKind.Retyped, backward: false, forward: false);

    [Fact]
    public void A_rename_is_detected_by_source_id_and_breaks_both() =>
        Expect(Table(Id, Name), Table(Id, Name with { Name = "full_name" }), ColumnChangeKind.Renamed, backward: false, forward: false);

    [Fact]
    public void Without_source_ids_a_rename_is_a_removal_and_an_addition()
    {
        var changes = SchemaDiff.Between(Table(Id with { SourceId = null }, Name with { SourceId = null }),
            Table(Id with { SourceId = null }, Name with { Name = "full_name", SourceId = null }));
        changes.Select(c => c.Kind).Should().BeEquivalentTo([ColumnChangeKind.AddedOptional, ColumnChangeKind.RemovedOptional]);
    }

    [Fact]
    public void Dropping_not_null_breaks_forward() =>
        Expect(Table(Id, Name with { Nullable = false }), Table(Id, Name), ColumnChangeKind.NowNullable, backward: true, forward: false);

    [Fact]
    public void Setting_not_null_breaks_backward() =>
        Expect(Table(Id, Name), Table(Id, Name with { Nullable = false }), ColumnChangeKind.NowRequired, backward: false, forward: true);

    [Fact]
    public void A_new_default_is_compatible_both_ways()
    {
        Expect(Table(Id, Name), Table(Id, Name with { Default = "x" }), ColumnChangeKind.Redefined, backward: true, forward: true);
        SchemaDiff.Between(Table(Id, Name), Table(Id, Name with { Default = "x" }))[0].ToString().Should().Be("name: default none → x");
    }

    [Fact]
    public void A_violation_names_the_column_and_the_change()
    {
        var changes = SchemaDiff.Between(Table(Id, Name), Table(Id, Name with { Name = "full_name", SourceType = "character varying(10)", Length = 10 }));
        string.Join("; ", CompatibilityRules.Violations(CompatibilityMode.Backward, changes))
            .Should().Be("name → full_name: renamed (source id 2); full_name: character varying(20) → character varying(10) (narrowed)");
    }
}
