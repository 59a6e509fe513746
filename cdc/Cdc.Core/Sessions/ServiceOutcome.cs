namespace Cdc.Sessions;

/// <summary>
/// How a long-lived service (capturer, applier) ended, as its process's exit code: 0, or 1 once it stopped for a reason
/// only the operator can fix. One per host, given to the service; the host returns it rather than the service
/// writing the process-wide exit code.
/// </summary>
public sealed class ServiceOutcome
{
    private volatile int _exitCode;

    public int ExitCode => _exitCode;

    public void Fail() => _exitCode = 1;
}
