using Cdc.Cli.Verification;

namespace Cdc.Tests.Operations;

/// <summary>cdc verify compares values by meaning, whatever engine and driver type they came as.</summary>
public sealed class RowDigestTests
{
    public static TheoryData<object?, object?> SameMeaning => new()
    {
        { 10.50m, 10.5m },
        { true, 1 },
        { 42, 42L },
        { (short)7, (byte)7 },
        { new DateTime(2026, 11, 25, 14, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 25, 14, 0, 0, DateTimeKind.Unspecified) },
        { new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero) },
        { new byte[] { 0, 255 }, new byte[] { 0, 255 } },
        { new[] { 1, 2 }, new long[] { 1, 2 } },
    };

    [Theory]
    [MemberData(nameof(SameMeaning))]
    public void Values_with_the_same_meaning_have_the_same_digest(object? a, object? b) =>
        RowDigest.Of([a, "x"]).Should().Be(RowDigest.Of([b, "x"]));

    [Theory]
    [InlineData(null, "")]
    [InlineData("a", "b")]
    [InlineData(1, 2)]
    public void Different_values_have_different_digests(object? a, object? b) =>
        RowDigest.Of([a]).Should().NotBe(RowDigest.Of([b]));

    [Fact]
    public void Columns_do_not_run_into_each_other() =>
        RowDigest.Of(["ab", "c"]).Should().NotBe(RowDigest.Of(["a", "bc"]));

    [Fact]
    public void Composite_keys_print_as_their_values() =>
        RowDigest.KeyText([1, "x", 2.50m]).Should().Be("1, x, 2.5");
}
