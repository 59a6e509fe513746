using Cdc.Appliers.Pipeline;
using Cdc.Model;

namespace Cdc.Tests.Security;

/// <summary>What a stream may write: its list's tables and schemas, never Cdc's bookkeeping tables.</summary>
public sealed class TableAllowListTests
{
    [Fact]
    public void The_default_allows_any_table_but_the_bookkeeping_ones()
    {
        var list = TableAllowList.Parse("");
        list.Allows(new TableId("retail", "sales")).Should().BeTrue();
        list.Allows(new TableId("public", "cdc_offsets")).Should().BeFalse();
        list.Allows(new TableId("retail", "CDC_OFFSETS")).Should().BeFalse();
        list.Allows(new TableId("public", "cdc_snapshot")).Should().BeFalse();
    }

    [Fact]
    public void Entries_name_tables_or_whole_schemas()
    {
        var list = TableAllowList.Parse("retail.sales, ledger.*");
        list.Allows(new TableId("retail", "sales")).Should().BeTrue();
        list.Allows(new TableId("retail", "prices")).Should().BeFalse();
        list.Allows(new TableId("ledger", "anything")).Should().BeTrue();
        list.Allows(new TableId("ledger", "cdc_offsets")).Should().BeFalse();
        list.ToString().Should().Be("retail.sales,ledger.*, never cdc_offsets or cdc_snapshot");
    }

    [Fact]
    public void A_streams_own_list_replaces_the_list_for_all_streams()
    {
        var options = new Cdc.Appliers.ApplyOptions { Name = "a", Streams = "cdc.one,cdc.two", Target = "t", Broker = "b", Tables = "shared.*" };
        options.StreamTables["cdc.one"] = "own.sales";
        options.AllowListFor("cdc.one").Allows(new TableId("shared", "x")).Should().BeFalse();
        options.AllowListFor("cdc.one").Allows(new TableId("own", "sales")).Should().BeTrue();
        options.AllowListFor("cdc.two").Allows(new TableId("shared", "x")).Should().BeTrue();
        options.StreamTables["cdc.three"] = "own.sales";
        FluentActions.Invoking(options.Validate).Should().Throw<ArgumentException>().WithMessage("*cdc.three*");
    }

    [Theory]
    [InlineData("sales")]
    [InlineData(".sales")]
    [InlineData("retail.")]
    public void An_entry_without_schema_and_table_is_refused(string entry) =>
        FluentActions.Invoking(() => TableAllowList.Parse(entry)).Should().Throw<ArgumentException>().WithMessage($"*'{entry}'*");
}
