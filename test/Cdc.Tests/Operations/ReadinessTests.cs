using Cdc.Sessions;

namespace Cdc.Tests.Operations;

/// <summary>/readyz: ready only when every session says it is connected.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public void Ready_only_when_every_session_is_connected()
    {
        Readiness.NotReady("readiness test a", "connecting");
        Readiness.Ready("readiness test b");
        Readiness.Check().Ready.Should().BeFalse();
        Readiness.Check().Reasons.Should().Contain("readiness test a: connecting");

        Readiness.Ready("readiness test a");
        Readiness.Check().Reasons.Should().NotContain(r => r.StartsWith("readiness test"));
    }
}
