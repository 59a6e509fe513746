using Cdc.Appliers;

namespace Cdc.Tests.Appliers;

/// <summary>The applier's lag metrics: records from the applied offset to the stream's tail, seconds since the last applied commit while records wait.</summary>
public sealed class StreamLagTests
{
    private static readonly DateTimeOffset Commit = new(2026, 11, 25, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Lag_is_unknown_until_the_tail_was_seen()
    {
        var lag = new StreamLag();
        lag.Resume(41);

        lag.Applied.Should().Be(41);
        lag.LagRecords.Should().BeNull();
        lag.LagSeconds(Commit).Should().BeNull();
    }

    [Fact]
    public void Behind_the_tail_it_counts_the_offsets_and_the_seconds_since_the_last_applied_commit()
    {
        var lag = new StreamLag();
        lag.Apply(10, Commit);
        lag.SeeTail(15);

        lag.LagRecords.Should().Be(5);
        lag.LagSeconds(Commit.AddSeconds(30)).Should().Be(30);
    }

    [Fact]
    public void Caught_up_it_is_zero_however_old_the_last_change_is()
    {
        var lag = new StreamLag();
        lag.SeeTail(15);
        lag.Apply(15, Commit);

        lag.LagRecords.Should().Be(0);
        lag.LagSeconds(Commit.AddHours(5)).Should().Be(0);
    }

    [Fact]
    public void The_tail_never_moves_back_and_an_apply_beyond_a_stale_tail_moves_it()
    {
        var lag = new StreamLag();
        lag.SeeTail(20);
        lag.SeeTail(12);
        lag.Tail.Should().Be(20);

        lag.Apply(25, Commit);
        lag.Tail.Should().Be(25);
        lag.LagRecords.Should().Be(0);
    }
}
