using Cdc.Appliers.Writing;
using Cdc.Model;

namespace Cdc.Tests.Model;

/// <summary>Echo suppression recognises exactly the offset table an applier creates: its schema, its name, its columns.</summary>
public sealed class OffsetTableShapeTests
{
    private static readonly TableId Offsets = new("public", "cdc_offsets");

    [Fact]
    public void The_applier_offset_table_matches()
    {
        OffsetTableShape.Matches(OffsetTable.Definition("public"), Offsets).Should().BeTrue();
    }

    [Fact]
    public void A_table_of_that_name_in_another_schema_does_not()
    {
        OffsetTableShape.Matches(OffsetTable.Definition("myschema"), Offsets).Should().BeFalse();
    }

    [Fact]
    public void A_table_of_that_name_with_other_columns_does_not()
    {
        var user = new TableDefinition(Offsets, [new ColumnDefinition("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true)]);

        OffsetTableShape.Matches(user, Offsets).Should().BeFalse();
    }
}
