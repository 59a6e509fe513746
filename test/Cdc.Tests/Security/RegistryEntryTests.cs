using Cdc.Schemas.Registry;
using Cdc.Tests.Schemas;

namespace Cdc.Tests.Security;

/// <summary>A registry entry must be what it says: its subject is its own office's and table's, attributed to its publisher.</summary>
public sealed class RegistryEntryTests
{
    [Fact]
    public void An_entry_whose_subject_is_not_its_schemas_office_and_table_is_refused()
    {
        var genuine = RegisteredSchema.For("branch-1", SampleTables.AllKinds, 1, "branch-1");
        FluentActions.Invoking(() => new RegisteredSchema("head.public.prices", 1, genuine.Json, genuine.RegisteredAt, "branch-1"))
            .Should().Throw<InvalidDataException>().WithMessage("*of office branch-1*");
        FluentActions.Invoking(() => new RegisteredSchema(genuine.Subject, 0, genuine.Json, genuine.RegisteredAt, "branch-1"))
            .Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void Versions_are_kept_per_publisher_so_a_forgery_never_stands_for_the_genuine_version()
    {
        var catalog = new SchemaCatalog();
        var forged = RegisteredSchema.For("head", SampleTables.AllKinds, 1, "branch-1");
        var genuine = RegisteredSchema.For("head", SampleTables.AllKinds, 1, "head");
        catalog.Add(forged, out _).Should().BeTrue();
        catalog.Add(genuine, out _).Should().BeTrue();
        catalog.Find(genuine.Subject, 1, "head").Should().BeSameAs(genuine);
        catalog.Find(genuine.Subject, 1, "applier").Should().BeNull();
        catalog.OtherPublishers(genuine.Subject, 1, "applier").Should().Equal("branch-1", "head");
    }
}
