using Cdc.Model;
using Cdc.Schemas.Mapping;
using Cdc.Schemas.Registry;

namespace Cdc.Tests.Schemas;

/// <summary>The registry's index: by subject and version, and by fingerprint (which logical types do not enter).</summary>
public sealed class SchemaCatalogTests
{
    private static TableDefinition Amounts(int precision, int scale, string table = "amounts") => new(new TableId("public", table),
    [
        new ColumnDefinition("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true, SourceId: 1),
        new ColumnDefinition("amount", ColumnKind.Decimal, $"numeric({precision},{scale})", Precision: precision, Scale: scale, SourceId: 2),
    ]);

    [Fact]
    public void Versions_differing_only_in_decimal_precision_share_a_fingerprint_and_both_are_found()
    {
        var catalog = new SchemaCatalog();
        var v1 = RegisteredSchema.For("hq", Amounts(10, 2), 1);
        var v2 = RegisteredSchema.For("hq", Amounts(12, 2), 2);
        catalog.Add(v1, out _).Should().BeTrue();
        catalog.Add(v2, out var known).Should().BeTrue();
        known.Should().Be(1);

        v1.Fingerprint.Should().Be(v2.Fingerprint, "the parsing canonical form drops decimal precision");
        catalog.ByFingerprint(v1.Fingerprint).Should().Equal(v1, v2);
        catalog.Find("hq.public.amounts", 1)!.Table.Columns[1].Precision.Should().Be(10);
        catalog.Find("hq.public.amounts", 2)!.Table.Columns[1].Precision.Should().Be(12);
        catalog.Latest("hq.public.amounts").Should().BeSameAs(v2);
    }

    [Fact]
    public void A_new_column_changes_the_fingerprint_and_an_unknown_one_finds_nothing()
    {
        var catalog = new SchemaCatalog();
        var v1 = RegisteredSchema.For("hq", Amounts(10, 2), 1);
        var wider = new TableDefinition(v1.Table.Id, [.. v1.Table.Columns, new ColumnDefinition("note", ColumnKind.String, "text", SourceId: 3)]);
        var v2 = RegisteredSchema.For("hq", wider, 2);
        catalog.Add(v1, out _);
        catalog.Add(v2, out _);

        v2.Fingerprint.Should().NotBe(v1.Fingerprint);
        catalog.ByFingerprint(v2.Fingerprint).Should().Equal(v2);
        catalog.ByFingerprint(0x0123456789ABCDEF).Should().BeEmpty();
        catalog.Find("hq.public.amounts", 3).Should().BeNull();
        catalog.Find("hq.public.other", 1).Should().BeNull();
    }

    [Fact]
    public void A_registration_read_back_from_the_stream_is_not_added_twice()
    {
        var catalog = new SchemaCatalog();
        var v1 = RegisteredSchema.For("hq", Amounts(10, 2), 1);
        catalog.Add(v1, out _).Should().BeTrue();
        catalog.Add(new RegisteredSchema(v1.Subject, 1, v1.Json, v1.RegisteredAt), out _).Should().BeFalse();
        catalog.Count.Should().Be(1);
        catalog.ByFingerprint(v1.Fingerprint).Should().HaveCount(1);
    }

    [Fact]
    public void Defaults_and_source_ids_survive_the_schema_json()
    {
        var table = new TableDefinition(new TableId("public", "t"),
        [
            new ColumnDefinition("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true, SourceId: 1),
            new ColumnDefinition("status", ColumnKind.String, "text", Nullable: false, Default: "new 'one'", SourceId: 4),
        ]);
        EnvelopeSchema.Parse(EnvelopeSchema.ToJson("hq", table)).Table.Should().Be(table);
    }
}
