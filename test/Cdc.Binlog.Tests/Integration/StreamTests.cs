namespace Cdc.Binlog.Tests.Integration;

/// <summary>Following the log across files, resuming, GTIDs, metadata levels, heartbeats and cancellation.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class StreamTests
{
    [Fact]
    public async Task Flush_binary_logs_gives_a_rotate_and_reading_continues_in_the_next_file()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY)");
        await using var client = await db.ConnectAsync();
        var from = await client.GetCurrentPositionAsync();
        await db.ExecuteAsync("INSERT INTO t VALUES (1)");
        await db.ExecuteAsync("FLUSH BINARY LOGS");
        await db.ExecuteAsync("INSERT INTO t VALUES (2)");

        var events = await EventReader.ReadTransactionsAsync(client.ReadEventsAsync(from), db.Name, 2);

        // Other sessions on the shared server may flush logs too: reason about the rotates around our inserts.
        var inserts = events.Rows<WriteRowsEvent>(db.Name);
        inserts.Select(e => e.Rows[0][0]).Should().Equal(1L, 2L);
        inserts[0].FileName.Should().Be(from.File);
        var rotate = events.Take(events.IndexOf(inserts[1])).OfType<RotateEvent>().Last(r => !r.Header.IsArtificial);
        rotate.Target.Position.Should().Be(4);
        rotate.NextFile.Should().NotBe(from.File);
        new BinlogPosition(rotate.NextFile, 4).Should().BeGreaterThan(from);
        inserts[1].FileName.Should().Be(rotate.NextFile);
        events.OfType<RotateEvent>().First(r => !r.Header.IsArtificial).FileName.Should().Be(from.File);
        events.OfType<FormatDescriptionEvent>().Select(e => e.FileName).Should().StartWith(from.File).And.Contain(rotate.NextFile);
    }

    [Fact]
    public async Task Resuming_from_a_saved_position_gives_exactly_the_later_transactions()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY)");
        BinlogPosition saved;
        await using (var first = await db.ConnectAsync())
        {
            var from = await first.GetCurrentPositionAsync();
            await db.ExecuteAsync("INSERT INTO t VALUES (1)");
            var events = await EventReader.ReadTransactionsAsync(first.ReadEventsAsync(from), db.Name);
            saved = BinlogPosition.Parse(events.OfType<XidEvent>().Last().NextPosition.ToString());
        }
        await db.ExecuteAsync("INSERT INTO t VALUES (2)");
        await db.ExecuteAsync("INSERT INTO t VALUES (3)");

        await using var second = await db.ConnectAsync();
        var resumed = await EventReader.ReadTransactionsAsync(second.ReadEventsAsync(saved), db.Name, 2);

        resumed.Rows<WriteRowsEvent>(db.Name).Select(e => e.Rows[0][0]).Should().Equal(2L, 3L);
    }

    [Fact]
    public async Task Connecting_with_a_mariadb_gtid_state_starts_after_that_gtid()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY)");
        await db.ExecuteAsync("INSERT INTO t VALUES (1)");
        var afterFirst = MariaDbGtidState.Parse((string)(await db.ScalarAsync("SELECT @@gtid_binlog_pos"))!);
        await db.ExecuteAsync("INSERT INTO t VALUES (2)");
        await db.ExecuteAsync("CREATE TABLE u (id INT)");

        await using var client = await db.ConnectAsync();
        var events = await EventReader.ReadUntilAsync(client.ReadEventsAsync(afterFirst),
            read => read.OfType<QueryEvent>().Any(q => q.Sql.Contains("CREATE TABLE u", StringComparison.Ordinal)));

        var insert = events.Rows<WriteRowsEvent>(db.Name).Should().ContainSingle().Subject;
        insert.Rows[0][0].Should().Be(2L);
        var gtids = events.OfType<MariaDbGtidEvent>().ToList();
        var domain = afterFirst.Gtids.Single(g => g.DomainId == 0);
        gtids.Should().OnlyContain(g => g.Gtid.DomainId != 0 || g.Gtid.Sequence > domain.Sequence);
        gtids.First().Gtid.Sequence.Should().Be(domain.Sequence + 1);
        var insertGtid = events.Take(events.IndexOf(insert)).OfType<MariaDbGtidEvent>().Last();
        insertGtid.IsStandalone.Should().BeFalse("an INSERT is a transaction ending with XID");
        var ddl = events.OfType<QueryEvent>().Single(q => q.Sql.Contains("CREATE TABLE u", StringComparison.Ordinal));
        ddl.Database.Should().Be(db.Name);
        var ddlGtid = events.Take(events.IndexOf(ddl)).OfType<MariaDbGtidEvent>().Last();
        ddlGtid.IsStandalone.Should().BeTrue("DDL is a standalone event group");
        ddlGtid.Flags.Should().HaveFlag(MariaDbGtidFlags.Ddl);
        events.OfType<GtidListEvent>().Should().NotBeEmpty();
        events.OfType<QueryEvent>().Should().NotContain(q => q.IsBegin, "in MariaDB the GTID event itself opens the transaction");
    }

    [Fact]
    public async Task Without_full_row_metadata_table_maps_have_no_column_names()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE t (id INT UNSIGNED PRIMARY KEY, name VARCHAR(10), e ENUM('a','b'))");
        var original = (string)(await db.ScalarAsync("SELECT @@GLOBAL.binlog_row_metadata"))!;
        await using var client = await db.ConnectAsync();
        var from = await client.GetCurrentPositionAsync();
        try
        {
            await db.ExecuteAsync("SET GLOBAL binlog_row_metadata = MINIMAL");
            await db.ExecuteAsync("INSERT INTO t VALUES (4000000000, 'x', 'b')");
        }
        finally
        {
            await db.ExecuteAsync($"SET GLOBAL binlog_row_metadata = {original}");
        }

        var events = await EventReader.ReadTransactionsAsync(client.ReadEventsAsync(from), db.Name);

        var insert = events.Rows<WriteRowsEvent>(db.Name).Single();
        insert.Table.HasFullMetadata.Should().BeFalse();
        insert.Table.Columns.Should().OnlyContain(c => c.Name == null);
        insert.Table.PrimaryKey.Should().BeEmpty();
        insert.Table.Columns[0].IsUnsigned.Should().BeTrue("MINIMAL still logs signedness");
        insert.Rows[0].ToArray().Should().Equal(4000000000UL, "x", 2L);
    }

    [Fact]
    public async Task Minimal_row_images_mark_absent_columns_apart_from_null()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT)");
        await db.ExecuteAsync("INSERT INTO t VALUES (1, 10, NULL)");
        await using var client = await db.ConnectAsync();
        var from = await client.GetCurrentPositionAsync();
        await db.ExecuteAsync("SET SESSION binlog_row_image = MINIMAL");
        await db.ExecuteAsync("UPDATE t SET a = NULL WHERE id = 1");

        var events = await EventReader.ReadTransactionsAsync(client.ReadEventsAsync(from), db.Name);

        var change = events.Rows<UpdateRowsEvent>(db.Name).Single().Rows.Single();
        change.Before.ColumnsPresent.Should().Equal(true, false, false);
        change.Before[0].Should().Be(1L);
        change.After.ColumnsPresent.Should().Equal(false, true, false);
        change.After[1].Should().BeNull();
        change.After.IsPresent(1).Should().BeTrue();
        change.After.IsPresent(2).Should().BeFalse();
    }

    [Fact]
    public async Task Annotate_rows_carry_the_statement_when_requested()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY)");
        var options = TestDatabase.Options();
        await using var client = await BinlogClient.ConnectAsync(new BinlogClientOptions
        {
            Host = options.Host, Port = options.Port, User = options.User, Password = options.Password,
            ServerId = options.ServerId, RequestAnnotateRows = true,
        });
        var from = await client.GetCurrentPositionAsync();
        await db.ExecuteAsync("INSERT INTO t VALUES (42)");

        var events = await EventReader.ReadTransactionsAsync(client.ReadEventsAsync(from), db.Name);

        events.OfType<AnnotateRowsEvent>().Should().Contain(a => a.Sql == "INSERT INTO t VALUES (42)");
    }

    [Fact]
    public async Task Cancellation_ends_the_stream_and_the_client_carries_one_dump()
    {
        // Heartbeats are covered against the fake source: this shared server is rarely idle long enough to send one.
        await using var client = await BinlogClient.ConnectAsync(TestDatabase.Options());
        var from = await client.GetCurrentPositionAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = new List<BinlogEvent>();

        var act = async () =>
        {
            await foreach (var e in client.ReadEventsAsync(from, cancel.Token))
            {
                read.Add(e);
                await cancel.CancelAsync();
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
        read.Should().ContainSingle().Which.Should().BeOfType<RotateEvent>();
        var second = () => client.QueryAsync("SELECT 1");
        await second.Should().ThrowAsync<InvalidOperationException>("a client carries one dump");
    }

    [Fact]
    public async Task Arguments_are_checked_before_enumeration()
    {
        await using var client = await BinlogClient.ConnectAsync(TestDatabase.Options());

        var noFile = () => client.ReadEventsAsync(new BinlogPosition("", 4));
        var tooEarly = () => client.ReadEventsAsync(new BinlogPosition("x.000001", 3));
        var mysqlGtids = () => client.ReadEventsAsync(MySqlGtidSet.Empty);

        noFile.Should().Throw<ArgumentException>();
        tooEarly.Should().Throw<ArgumentOutOfRangeException>();
        mysqlGtids.Should().Throw<InvalidOperationException>().WithMessage("*MariaDB*");
    }

    [Fact]
    public async Task Purged_or_unknown_file_is_error_1236_with_advice()
    {
        await using var client = await BinlogClient.ConnectAsync(TestDatabase.Options());

        var act = () => EventReader.ReadUntilAsync(client.ReadEventsAsync(new BinlogPosition("no-such-binlog.000001", 4)), _ => false);

        var error = (await act.Should().ThrowAsync<BinlogServerException>()).Which;
        error.ErrorCode.Should().Be(1236);
        error.Message.Should().Contain("SHOW BINARY LOGS");
    }

    [Fact]
    public async Task Account_without_replication_privileges_is_told_which_grant_is_missing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("DROP USER IF EXISTS 'bt_no_replication'@'%'");
        await db.ExecuteAsync("CREATE USER 'bt_no_replication'@'%' IDENTIFIED BY 'pw'");
        try
        {
            await db.ExecuteAsync($"GRANT SELECT ON `{db.Name}`.* TO 'bt_no_replication'@'%'");
            await using var client = await BinlogClient.ConnectAsync(TestDatabase.Options(password: "pw", user: "bt_no_replication"));

            var act = () => EventReader.ReadUntilAsync(client.ReadEventsAsync(new BinlogPosition("any.000001", 4)), _ => false);

            var error = (await act.Should().ThrowAsync<BinlogServerException>()).Which;
            error.ErrorCode.Should().BeOneOf([1045, 1227], "MariaDB answers COM_REGISTER_SLAVE with 1045, MySQL with 1227");
            error.Message.Should().Contain("registering as replica").And.Contain("GRANT REPLICATION SLAVE").And.NotContain("Check the password");
        }
        finally
        {
            await db.ExecuteAsync("DROP USER IF EXISTS 'bt_no_replication'@'%'");
        }
    }

    [Fact]
    public async Task Event_larger_than_16_MiB_arrives_joined_from_several_packets()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, a LONGTEXT, b LONGTEXT)");
        await using var client = await db.ConnectAsync();
        var from = await client.GetCurrentPositionAsync();
        const int size = 9 * 1024 * 1024; // two values, each under max_allowed_packet, one row event over 16 MiB
        await db.ExecuteAsync($"INSERT INTO t VALUES (1, REPEAT('a', {size}), REPEAT('b', {size}))");

        var events = await EventReader.ReadTransactionsAsync(client.ReadEventsAsync(from), db.Name);

        var insert = events.Rows<WriteRowsEvent>(db.Name).Single();
        insert.Header.EventSize.Should().BeGreaterThan(0xFFFFFF);
        var row = insert.Rows.Single();
        ((string)row[1]!).Should().HaveLength(size).And.StartWith("aaa").And.EndWith("aaa");
        ((string)row[2]!).Should().HaveLength(size).And.EndWith("bbb");
    }
}
