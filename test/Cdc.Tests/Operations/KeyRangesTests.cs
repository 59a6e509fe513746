using Cdc.Cli.Verification;

namespace Cdc.Tests.Operations;

/// <summary>cdc verify's key order (the same on both engines) and the key ranges it cuts from the source's keys.</summary>
public sealed class KeyRangesTests
{
    [Fact]
    public void Text_sorts_by_utf8_bytes_so_upper_case_comes_before_lower_case_and_non_ascii_after_both()
    {
        string[] keys = ["b", "Zebra", "a", "É", "é", "\U0001F600", "\uFF21", "ab", "A"];

        var sorted = keys.Order(Comparer<string>.Create((x, y) => KeyOrder.CompareValues(x, y))).ToArray();

        // U+FF21 (3 UTF-8 bytes) before U+1F600 (4 bytes): UTF-16 ordinal order would put the surrogate pair first.
        sorted.Should().Equal("A", "Zebra", "a", "ab", "b", "É", "é", "\uFF21", "\U0001F600");
    }

    [Theory]
    [InlineData(7, 7L, 0)]
    [InlineData((short)3, 10, -1)]
    [InlineData(true, 0, 1)]
    [InlineData(2.5, 2, 1)]
    public void Numbers_compare_by_value_whatever_their_type(object x, object y, int expected) =>
        Math.Sign(KeyOrder.CompareValues(x, y)).Should().Be(expected);

    [Fact]
    public void Decimals_times_uuids_and_bytes_compare_as_both_engines_sort_them()
    {
        KeyOrder.CompareValues(10.50m, 10.5m).Should().Be(0);
        KeyOrder.CompareValues(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.FromHours(1))).Should().Be(0);
        KeyOrder.CompareValues(new DateOnly(2026, 1, 2), new DateTime(2026, 1, 1, 23, 59, 59)).Should().BePositive();
        KeyOrder.CompareValues(new byte[] { 1, 255 }, new byte[] { 2 }).Should().BeNegative();
        KeyOrder.CompareValues(Guid.Parse("0a000000-0000-0000-0000-000000000000"), "0b000000-0000-0000-0000-000000000000").Should().BeNegative("a uuid compares as its lowercase text");
    }

    [Fact]
    public void Composite_keys_compare_column_by_column()
    {
        KeyOrder.Instance.Compare([1, "b"], [2, "a"]).Should().BeNegative();
        KeyOrder.Instance.Compare([1, "b"], [1, "a"]).Should().BePositive();
        KeyOrder.Instance.Compare([1, "a"], [1, "a"]).Should().Be(0);
    }

    [Fact]
    public void Every_chunk_size_th_source_key_starts_a_range_and_the_outer_ranges_are_open()
    {
        var ranges = new KeyRanges(3);
        var assigned = Enumerable.Range(1, 8).Select(i => ranges.Add([i * 10])).ToArray();

        assigned.Should().Equal(0, 0, 0, 1, 1, 1, 2, 2);
        ranges.Count.Should().Be(3);
        ranges.Bounds(0).From.Should().BeNull();
        ranges.Bounds(0).To.Should().Equal(40);
        ranges.Bounds(1).From.Should().Equal(40);
        ranges.Bounds(1).To.Should().Equal(70);
        ranges.Bounds(2).To.Should().BeNull();
    }

    [Theory]
    [InlineData(5, 0)]   // below every source key: the first range
    [InlineData(40, 1)]  // a range's first key is in it
    [InlineData(69, 1)]
    [InlineData(70, 2)]
    [InlineData(1000, 2)] // above every source key: the last range
    public void A_target_key_falls_into_the_range_whose_start_is_the_last_at_or_below_it(int key, int expected)
    {
        var ranges = new KeyRanges(3);
        foreach (var i in Enumerable.Range(1, 8))
            ranges.Add([i * 10]);

        ranges.RangeOf([key]).Should().Be(expected);
    }

    [Fact]
    public void Composite_keys_range_by_their_first_column_then_the_next()
    {
        var ranges = new KeyRanges(2);
        foreach (var key in new object?[][] { [1, "a"], [1, "b"], [1, "c"], [2, "a"] })
            ranges.Add(key);

        ranges.RangeOf([1, "bz"]).Should().Be(0);
        ranges.RangeOf([1, "c"]).Should().Be(1);
        ranges.RangeOf([3, ""]).Should().Be(1);
    }

    [Fact]
    public void An_empty_source_is_one_range_open_at_both_ends()
    {
        var ranges = new KeyRanges(10);

        ranges.Count.Should().Be(1);
        ranges.RangeOf(["anything"]).Should().Be(0);
        ranges.Bounds(0).From.Should().BeNull();
        ranges.Bounds(0).To.Should().BeNull();
    }

    [Fact]
    public void Keys_out_of_order_are_refused_rather_than_ranged_wrongly()
    {
        var ranges = new KeyRanges(2);
        ranges.Add(["b"]);

        FluentActions.Invoking(() => ranges.Add(["a"])).Should().Throw<KeyOrderException>().WithMessage("*(b)*(a)*");
        FluentActions.Invoking(() => ranges.Add(["b"])).Should().Throw<KeyOrderException>("a key comes once");
    }
}
