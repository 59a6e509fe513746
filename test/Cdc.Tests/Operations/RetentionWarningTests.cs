using Cdc.Cli.Operations;

namespace Cdc.Tests.Operations;

/// <summary><c>cdc status</c> warns before retention deletes what an applier has not applied, and says when it did.</summary>
public sealed class RetentionWarningTests
{
    [Theory]
    [InlineData(5L, 0L, 1000L, "")] // retention deleted nothing yet
    [InlineData(1000L, 500L, 1000L, "")] // all applied
    [InlineData(800L, 500L, 1000L, "")] // far from the head
    [InlineData(520L, 500L, 1000L, "WARNING: its next offset 521")]
    [InlineData(100L, 500L, 1000L, "HOLE: retention deleted offsets 101 to 499")]
    public void Warns_within_the_oldest_tenth_and_tells_a_hole(long applied, long head, long tail, string expected)
    {
        var warning = ApplierState.RetentionWarning(applied, head, tail);

        if (expected.Length == 0)
            warning.Should().BeEmpty();
        else
            warning.Should().Contain(expected);
    }
}
