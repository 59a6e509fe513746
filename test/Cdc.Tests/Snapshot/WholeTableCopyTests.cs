using Cdc.Capture.Reading;
using Cdc.Capture.Snapshot;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Positions;

namespace Cdc.Tests.Snapshot;

/// <summary>A table without a key copied whole: truncate first, rows in chunks just below the snapshot's point, published before the first change after it.</summary>
public sealed class WholeTableCopyTests
{
    private static readonly TableDefinition History = new(new TableId("public", "history"),
        [new ColumnDefinition("account", ColumnKind.Int32, "integer"), new ColumnDefinition("note", ColumnKind.String, "text")]);

    [Fact]
    public async Task The_copy_is_a_truncate_then_every_row_in_chunks_at_consecutive_positions_just_below_the_snapshots_point()
    {
        var source = new RowsSource([.. Enumerable.Range(0, 5).Select(i => new RowImage([i % 2, "same"]))]);
        var copy = new WholeTableCopy(source, chunkSize: 2);
        var info = Info(new SourcePosition(0, 999, 0));

        var chunks = new List<(IReadOnlyList<ChangeRecord> Records, IReadOnlyList<RowImage> Rows, SourcePosition First)>();
        await foreach (var chunk in copy.ReadAsync(new SnapshotTable(History, 5, []), info, CancellationToken.None))
            chunks.Add(chunk);

        chunks.Select(c => c.Rows.Count).Should().Equal(2, 2, 1);
        var records = chunks.SelectMany(c => c.Records).ToList();
        records[0].Op.Should().Be(Operation.Truncate, "the copy replaces the target's rows of the table");
        records[0].Source.Snapshot.Should().BeTrue();
        records.Skip(1).Should().OnlyContain(r => r.Op == Operation.Read).And.HaveCount(5, "identical rows are all copied");
        records.Select(r => r.Source.Position.Index).Should().Equal(0, 1, 2, 3, 4, 5);
        copy.Next.Should().Be(new SourcePosition(0, 999, 6));
        source.Skips.Should().Equal(0, 2, 4);
    }

    [Fact]
    public async Task While_streaming_the_copy_waits_for_the_first_change_after_its_snapshots_point()
    {
        var source = new RowsSource([]);
        var copy = new WholeTableCopy(source, chunkSize: 10);
        await copy.OpenAsync("s:1:copy", CancellationToken.None);

        source.Watermarks.Should().Equal("s:1:copy");
        copy.Reached(new ChangeCaptured(new ChangeRecord(Operation.Create, History, null, new RowImage([1, "a"]), Info(new SourcePosition(0, 998, 7))))).Should().BeFalse("committed before the point: in the copy");
        copy.Reached(new LogAdvanced(new TestAcknowledgement())).Should().BeFalse();
        copy.Reached(new ChangeCaptured(new ChangeRecord(Operation.Create, History, null, new RowImage([1, "a"]), Info(new SourcePosition(0, 1000, 0))))).Should().BeTrue("committed at the point: not in the copy");
        copy.Take().First.Should().Be(new SourcePosition(0, 999, 0));
        copy.Pending.Should().BeNull();
    }

    private static SourceInfo Info(SourcePosition position) =>
        new("office", DatabaseEngine.Postgres, "db", position, "0/3E8", "snapshot@0/3E8", DateTimeOffset.UnixEpoch, Snapshot: true);

    private sealed record TestAcknowledgement : SourceAcknowledgement;

    /// <summary>Serves a table's rows by skip and limit; the snapshot it opens is at LSN 1000.</summary>
    private sealed class RowsSource(IReadOnlyList<RowImage> rows) : ISnapshotSource
    {
        public List<long> Skips { get; } = [];

        public List<string> Watermarks { get; } = [];

        public DatabaseEngine Engine => DatabaseEngine.Postgres;

        public string Database => "db";

        public string DefaultSchema => "public";

        public TableId ProgressTable => new("public", OwnTables.Snapshot);

        public Task<IReadOnlyList<RowImage>> ReadWholeChunkAsync(SnapshotTable table, long skip, int limit, CancellationToken ct)
        {
            Skips.Add(skip);
            return Task.FromResult<IReadOnlyList<RowImage>>(rows.Skip((int)skip).Take(limit).ToArray());
        }

        public Task<SnapshotOrigin> OpenSnapshotAsync(CancellationToken ct) => Task.FromResult(new SnapshotOrigin(new SourcePosition(0, 999, 0), "0/3E8"));

        public Task WriteWatermarkAsync(string mark, CancellationToken ct)
        {
            Watermarks.Add(mark);
            return Task.CompletedTask;
        }

        public Task PrepareAsync(CancellationToken ct) => throw new NotSupportedException();

        public Task<bool> HasStoredPositionAsync(CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<SnapshotTable>> DescribeAsync(IReadOnlyCollection<TableId>? only, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<SnapshotProgress>> LoadProgressAsync(CancellationToken ct) => throw new NotSupportedException();

        public Task SaveProgressAsync(SnapshotProgress progress, CancellationToken ct) => throw new NotSupportedException();

        public Task RequestAsync(IReadOnlyList<TableId> tables, CancellationToken ct) => throw new NotSupportedException();

        public Task<SnapshotOrigin> CreatePositionWithSnapshotAsync(CancellationToken ct) => throw new NotSupportedException();

        public Task CloseSnapshotAsync(CancellationToken ct) => Task.CompletedTask;

        public Task<IReadOnlyList<RowImage>> ReadChunkAsync(SnapshotTable table, SnapshotKey? after, int limit, CancellationToken ct) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
