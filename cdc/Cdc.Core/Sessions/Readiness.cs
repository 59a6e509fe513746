using System.Collections.Concurrent;

namespace Cdc.Sessions;

/// <summary>
/// Whether a process's sessions are connected (source or target, and broker): what <c>/readyz</c> reports. Each
/// session registers under its own name when it starts, says when it is connected, and says why it is not when it
/// loses a connection. The process is ready when it has sessions and every one is connected. One per host, given to
/// its services.
/// </summary>
public sealed class Readiness
{
    private readonly ConcurrentDictionary<string, string?> _sessions = new();

    public void Ready(string session) => _sessions[session] = null;

    public void NotReady(string session, string reason) => _sessions[session] = reason;

    /// <summary>
    /// A not-ready reason for an exception: its kind and where it happened, never its message, which may quote row
    /// values (a duplicate key, a refused value) and /readyz answers anyone who can reach the metrics port. The log has the message.
    /// </summary>
    public static string Reason(Exception exception, string where) => $"{exception.GetType().Name} {where} (the log has the details)";

    /// <summary>True when every session is connected; otherwise the reasons, one per session that is not.</summary>
    public (bool Ready, IReadOnlyList<string> Reasons) Check()
    {
        var snapshot = _sessions.ToArray();
        var reasons = snapshot.Where(s => s.Value is not null).Select(s => $"{s.Key}: {s.Value}").ToList();
        if (snapshot.Length == 0)
            reasons.Add("starting: no session connected yet");
        return (reasons.Count == 0, reasons);
    }
}
