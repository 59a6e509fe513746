using Cdc.Binlog;
using Cdc.Capture.MySql;
using Cdc.Positions;

namespace Cdc.Tests.MySql;

/// <summary>How far a MySQL capture is behind the server's binlog, in bytes across files and in files.</summary>
public sealed class BinlogBacklogTests
{
    private static readonly (string, long)[] Binlogs = [("bin.000007", 1000), ("bin.000008", 500), ("bin.000009", 300)];

    [Fact]
    public void Counts_the_rest_of_its_file_the_whole_files_between_and_the_servers_file_to_its_position()
    {
        var backlog = BinlogBacklog.Measure(new SourcePosition(7, 400, 2), Binlogs, new BinlogPosition("bin.000009", 320));

        backlog.Should().Be(new BinlogBacklog(new BinlogPosition("bin.000007", 400), new BinlogPosition("bin.000009", 320), 600 + 500 + 320, 2));
    }

    [Fact]
    public void In_the_servers_own_file_it_is_the_distance_to_the_position()
    {
        BinlogBacklog.Measure(new SourcePosition(9, 100, 0), Binlogs, new BinlogPosition("bin.000009", 300))!.Bytes.Should().Be(200);
        BinlogBacklog.Measure(new SourcePosition(9, 300, 0), Binlogs, new BinlogPosition("bin.000009", 300))!.Files.Should().Be(0);
    }

    [Fact]
    public void A_capture_at_or_past_the_server_position_is_not_behind() =>
        BinlogBacklog.Measure(new SourcePosition(9, 350, 0), Binlogs, new BinlogPosition("bin.000009", 300))
            .Should().Match<BinlogBacklog>(b => b.Bytes == 0 && b.Files == 0);

    [Fact]
    public void A_purged_file_has_no_backlog() =>
        BinlogBacklog.Measure(new SourcePosition(3, 4, 0), Binlogs, new BinlogPosition("bin.000009", 300)).Should().BeNull();
}
