namespace Cdc.Appliers;

/// <summary>What a failed apply session does next (see <see cref="ApplyFailure.Classify"/>).</summary>
public enum ApplyFailureKind
{
    /// <summary>It can pass by itself (a lost connection, a lock timeout, a deadlock, a serialization failure): the session starts again after a backoff.</summary>
    Passing,

    /// <summary>One message or source transaction is at fault: its stream stops at it, or parks it (<see cref="BadMessagePolicy"/>).</summary>
    BadMessage,

    /// <summary>Only the operator can fix it (a forged record, a schema the target cannot take, permissions): the stream halts, whatever the policy.</summary>
    Halt,
}
