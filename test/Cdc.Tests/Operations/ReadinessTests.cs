using Cdc.Sessions;

namespace Cdc.Tests.Operations;

/// <summary>/readyz: ready only when every session says it is connected.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public void Ready_only_when_every_session_is_connected()
    {
        var readiness = new Readiness();
        readiness.Check().Ready.Should().BeFalse("a process without sessions is not ready");
        readiness.Check().Reasons.Should().Equal("starting: no session connected yet");

        readiness.NotReady("capture a", "connecting");
        readiness.Ready("capture b");
        readiness.Check().Ready.Should().BeFalse();
        readiness.Check().Reasons.Should().Equal("capture a: connecting");

        readiness.Ready("capture a");
        readiness.Check().Ready.Should().BeTrue();
        readiness.Check().Reasons.Should().BeEmpty();
    }
}
