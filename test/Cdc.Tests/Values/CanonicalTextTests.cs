using Cdc.Model;
using Cdc.Values;

namespace Cdc.Tests.Values;

public sealed class CanonicalTextTests
{
    [Theory]
    [InlineData(ColumnKind.Date, "2024-02-29")]
    [InlineData(ColumnKind.Date, "1970-01-01")]
    [InlineData(ColumnKind.Date, "0044-03-15 BC")]
    [InlineData(ColumnKind.Date, "infinity")]
    [InlineData(ColumnKind.Date, "-infinity")]
    [InlineData(ColumnKind.Time, "23:59:59.999999")]
    [InlineData(ColumnKind.Time, "00:00:00")]
    [InlineData(ColumnKind.Time, "24:00:00")]
    [InlineData(ColumnKind.Timestamp, "2024-02-29 12:34:56.123456")]
    [InlineData(ColumnKind.Timestamp, "1900-01-01 00:00:00")]
    [InlineData(ColumnKind.Timestamp, "4713-01-01 00:00:00 BC")]
    [InlineData(ColumnKind.Timestamp, "infinity")]
    [InlineData(ColumnKind.Timestamp, "-infinity")]
    [InlineData(ColumnKind.TimestampTz, "1969-12-31 23:59:59.5+00")]
    [InlineData(ColumnKind.Bytes, "\\x00FF10")]
    [InlineData(ColumnKind.Boolean, "t")]
    [InlineData(ColumnKind.Float64, "-Infinity")]
    [InlineData(ColumnKind.Float64, "NaN")]
    [InlineData(ColumnKind.Float64, "2.718281828459045")]
    [InlineData(ColumnKind.Int64, "-9223372036854775808")]
    public void Values_survive_parse_then_format(ColumnKind kind, string text)
    {
        var value = CanonicalText.Parse(kind, null, text);

        CanonicalText.Format(kind, null, value).Should().Be(text);
    }

    [Fact]
    public void Timestamps_with_offsets_are_stored_as_utc_micros()
    {
        var micros = (long)CanonicalText.Parse(ColumnKind.TimestampTz, null, "2024-02-29 12:34:56.5+02");

        micros.Should().Be(new DateTimeOffset(2024, 2, 29, 10, 34, 56, 500, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000);
        CanonicalText.Format(ColumnKind.TimestampTz, null, micros).Should().Be("2024-02-29 10:34:56.5+00");
    }

    [Fact]
    public void Infinity_uses_the_reserved_extremes()
    {
        CanonicalText.Parse(ColumnKind.Date, null, "infinity").Should().Be(int.MaxValue);
        CanonicalText.Parse(ColumnKind.TimestampTz, null, "-infinity").Should().Be(long.MinValue);
    }

    [Fact]
    public void Arrays_keep_nulls_quotes_commas_and_backslashes()
    {
        const string text = "{\"a b\",NULL,\"c\\\"d\",\"e,f\",\"g\\\\h\",plain}";

        var items = (List<object?>)CanonicalText.Parse(ColumnKind.Array, ColumnKind.String, text);

        items.Should().Equal(new object?[] { "a b", null, "c\"d", "e,f", "g\\h", "plain" });
        CanonicalText.Parse(ColumnKind.Array, ColumnKind.String, CanonicalText.Format(ColumnKind.Array, ColumnKind.String, items))
            .Should().BeEquivalentTo(items);
        ((List<object?>)CanonicalText.Parse(ColumnKind.Array, ColumnKind.Int32, "{1,NULL,-3}")).Should().Equal(new object?[] { 1, null, -3 });
    }

    [Theory]
    [InlineData(ColumnKind.Array, "{{1,2},{3,4}}")]
    [InlineData(ColumnKind.Array, "[0:1]={1,2}")]
    [InlineData(ColumnKind.Array, "{{{\"a}\",NULL}}}")]
    [InlineData(ColumnKind.Timestamp, "294276-12-31 23:59:59.999999")]
    [InlineData(ColumnKind.TimestampTz, "294276-12-31 23:59:59.999999+00")]
    public void Values_beyond_the_native_form_keep_their_exact_text(ColumnKind kind, string text)
    {
        var value = CanonicalText.Parse(kind, ColumnKind.Int32, text);

        value.Should().Be(text);
        CanonicalText.Format(kind, ColumnKind.Int32, value).Should().Be(text);
    }

    [Fact]
    public void An_array_with_an_element_beyond_its_native_form_keeps_its_text()
    {
        const string text = "{\"2024-01-01 00:00:00\",\"294276-12-31 23:59:59.999999\"}";

        CanonicalText.Parse(ColumnKind.Array, ColumnKind.Timestamp, text).Should().Be(text);
        ((List<object?>)CanonicalText.Parse(ColumnKind.Array, ColumnKind.Timestamp, "{\"294246-12-31 00:00:00\"}")).Should().HaveCount(1);
    }

    [Fact]
    public void The_largest_and_smallest_timestamps_that_fit_a_long_stay_native()
    {
        var largest = (long)CanonicalText.Parse(ColumnKind.Timestamp, null, "294246-12-31 23:59:59.999999");
        var smallest = (long)CanonicalText.Parse(ColumnKind.Timestamp, null, "4713-11-24 00:00:00 BC");

        CanonicalText.Format(ColumnKind.Timestamp, null, largest).Should().Be("294246-12-31 23:59:59.999999");
        CanonicalText.Format(ColumnKind.Timestamp, null, smallest).Should().Be("4713-11-24 00:00:00 BC");
    }

    [Theory]
    [InlineData(1970, 1, 1, 0)]
    [InlineData(2000, 3, 1, 11017)]
    [InlineData(1969, 12, 31, -1)]
    [InlineData(0, 3, 1, -719468)]
    [InlineData(-4712, 1, 1, -2440588 + 1 - 1)]
    public void Civil_days_match_the_proleptic_gregorian_calendar(long year, int month, int day, long days)
    {
        var computed = CivilTime.DaysFromCivil(year, month, day);

        if (year > 0)
            computed.Should().Be(days);
        CivilTime.CivilFromDays(computed).Should().Be((year, month, day));
    }
}
