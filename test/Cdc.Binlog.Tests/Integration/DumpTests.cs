namespace Cdc.Binlog.Tests.Integration;

[Collection(MariaDbCollection.Name)]
public sealed class DumpTests
{
    [Fact]
    public async Task Dump_from_the_current_position_gives_insert_update_delete_with_images()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20), note TEXT)");
        await using var client = await db.ConnectAsync();
        var from = await client.GetCurrentPositionAsync();
        await db.ExecuteAsync("INSERT INTO t VALUES (1, 'one', NULL), (2, 'two', 'x')");
        await db.ExecuteAsync("UPDATE t SET name = 'uno' WHERE id = 1");
        await db.ExecuteAsync("DELETE FROM t WHERE id = 2");

        var events = await EventReader.ReadTransactionsAsync(client.ReadEventsAsync(from), db.Name, 3);

        events[0].Should().BeOfType<RotateEvent>().Which.NextFile.Should().Be(from.File);
        events[0].FileName.Should().Be(from.File);
        events.OfType<FormatDescriptionEvent>().Should().ContainSingle().Which.HasChecksum.Should().BeTrue();
        var map = events.OfType<TableMapEvent>().First(m => m.Database == db.Name);
        map.Table.Should().Be("t");
        map.HasFullMetadata.Should().BeTrue();
        map.Columns.Select(c => c.Name).Should().Equal("id", "name", "note");
        map.PrimaryKey.Should().Equal(new PrimaryKeyColumn(0, 0));
        map.Columns[0].IsNullable.Should().BeFalse();
        map.Columns[1].IsNullable.Should().BeTrue();

        var insert = events.Rows<WriteRowsEvent>(db.Name).Should().ContainSingle().Subject;
        insert.Rows.Select(r => r.ToArray()).Should().BeEquivalentTo(new[] { new object?[] { 1L, "one", null }, new object?[] { 2L, "two", "x" } },
            o => o.WithStrictOrdering());
        insert.Rows[0].IsPresent(2).Should().BeTrue("a NULL column is present, its value is null");

        var update = events.Rows<UpdateRowsEvent>(db.Name).Should().ContainSingle().Subject.Rows.Should().ContainSingle().Subject;
        update.Before.ToArray().Should().Equal(1L, "one", null);
        update.After.ToArray().Should().Equal(1L, "uno", null);

        var delete = events.Rows<DeleteRowsEvent>(db.Name).Should().ContainSingle().Subject;
        delete.Rows.Should().ContainSingle().Which.ToArray().Should().Equal(2L, "two", "x");

        var gtids = events.OfType<MariaDbGtidEvent>().ToList();
        gtids.Should().NotBeEmpty();
        gtids.Should().OnlyContain(g => g.Gtid.ServerId == g.Header.ServerId);
        events.OfType<XidEvent>().Should().NotBeEmpty();
        events[1].Should().BeOfType<FormatDescriptionEvent>().Which.FileName.Should().Be(from.File);
        events.Last().NextPosition.Should().BeGreaterThan(from);
    }
}
