using Cdc.Capture.Postgres;
using Cdc.Capture.Snapshot;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Positions;

namespace Cdc.Tests.Snapshot;

/// <summary>The engine-neutral parts of a snapshot: table order, watermark reconciliation, progress release, modes.</summary>
public sealed class SnapshotUnitTests
{
    private static readonly TableDefinition Items = new(new TableId("public", "items"),
        [new ColumnDefinition("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true), new ColumnDefinition("name", ColumnKind.String, "text")]);

    [Fact]
    public void Tables_come_after_the_tables_they_reference_and_cycles_keep_name_order()
    {
        SnapshotTable Table(string name, params string[] references) =>
            new(new TableDefinition(new TableId("public", name), Items.Columns), 0, references.Select(r => new TableId("public", r)).ToArray());

        var order = SnapshotPlan.Order(
            [Table("a_lines", "orders"), Table("orders", "customers", "orders"), Table("customers"), Table("x", "y"), Table("y", "x"), Table("elsewhere", "not_captured")],
            out var cycle);

        order.Select(t => t.Id.Name).Should().Equal("customers", "elsewhere", "orders", "a_lines", "x", "y");
        cycle.Select(t => t.Name).Should().Equal("x", "y");
    }

    [Fact]
    public void A_chunk_drops_the_rows_the_log_changed_from_its_creation_to_its_high_watermark_and_takes_the_high_watermarks_position()
    {
        var table = new SnapshotTable(Items, 3, []);
        var progress = new SnapshotProgress(Items.Id, 0, SnapshotState.Running, null, 0);
        var window = new ChunkWindow(table, progress, [Row(1, "a"), Row(2, "b"), Row(3, "c"), Row(4, "d")], "s:1:low", "s:1:high");

        // Before the low watermark in the log, read after the window opened: its commit may not have been visible to the chunk query.
        window.Observe(Change(Operation.Update, null, Row(1, "before the low watermark")));
        window.Mark("s:1:low", Source(100)).Should().BeTrue();
        window.Observe(Change(Operation.Update, null, Row(2, "changed")));
        window.Observe(Change(Operation.Delete, Row(3, null), null));
        window.Observe(new ChangeRecord(Operation.Update, new TableDefinition(new TableId("public", "other"), Items.Columns), null, Row(4, "x"), Source(150)));
        window.Mark("other:1:high", Source(160)).Should().BeFalse();
        window.Mark("s:1:high", Source(200)).Should().BeTrue();
        window.Observe(Change(Operation.Delete, Row(4, null), null)); // after the high watermark: the log's own business

        window.Remaining.Select(r => r[0]).Should().Equal(4);
        window.Selected.Should().HaveCount(4, "the next chunk starts after the last row selected");
        window.HighSource!.Position.Should().Be(new SourcePosition(0, 200, 0));
    }

    [Fact]
    public void Taking_an_acknowledgement_releases_every_earlier_entry_with_the_newest_progress_per_table()
    {
        var ledger = new ProgressLedger();
        var a1 = new SnapshotProgress(Items.Id, 0, SnapshotState.Running, new SnapshotKey([10]), 10);
        var a2 = a1 with { LastKey = new SnapshotKey([20]), RowsDone = 20 };
        ledger.Record(null, a1);
        ledger.Record(new PostgresAcknowledgement(new NpgsqlTypes.NpgsqlLogSequenceNumber(5)), null);
        var third = ledger.Record(null, a2);
        var fourth = ledger.Record(null, a2 with { State = SnapshotState.Done });

        var (inner, progress) = ledger.Take(third);
        inner.Should().Be(new PostgresAcknowledgement(new NpgsqlTypes.NpgsqlLogSequenceNumber(5)));
        progress.Should().Equal(a2);
        ledger.Take(fourth).Progress.Single().State.Should().Be(SnapshotState.Done);
    }

    [Theory]
    [InlineData("initial", SnapshotMode.Initial)]
    [InlineData("", SnapshotMode.Initial)]
    [InlineData("never", SnapshotMode.Never)]
    [InlineData("Always", SnapshotMode.Always)]
    [InlineData("initial_only", SnapshotMode.InitialOnly)]
    public void Snapshot_modes_parse(string text, SnapshotMode mode) => SnapshotModes.Parse(text).Should().Be(mode);

    [Fact]
    public void An_unknown_snapshot_mode_says_which_exist() =>
        FluentActions.Invoking(() => SnapshotModes.Parse("sometimes")).Should().Throw<ArgumentException>().WithMessage("*initial, never, always or initial_only*");

    [Fact]
    public void Keys_are_identified_by_value_bytes_included() =>
        new SnapshotKey([new byte[] { 1, 2 }, 7L]).Identity.Should().Be(new SnapshotKey([new byte[] { 1, 2 }, 7L]).Identity);

    private static RowImage Row(int id, string? name) => new([id, name]);

    private static SourceInfo Source(ulong lsn) => new("office", DatabaseEngine.Postgres, "db", new SourcePosition(0, lsn, 0), lsn.ToString(), "1", DateTimeOffset.UnixEpoch);

    private static ChangeRecord Change(Operation op, RowImage? before, RowImage? after) => new(op, Items, before, after, Source(150));
}
