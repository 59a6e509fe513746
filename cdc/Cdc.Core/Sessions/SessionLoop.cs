namespace Cdc.Sessions;

/// <summary>
/// Runs a session (a capture or an apply of one stream) again and again until it ends normally, the caller stops, or
/// it fails for a reason only the operator can fix. Between attempts it waits with exponential backoff, which starts
/// over after a session that ran longer than the longest wait. Each restart begins from the last durable point
/// (acknowledged source position, stored checkpoint), so a restart never loses or doubles anything.
/// </summary>
public static class SessionLoop
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    /// <returns>The fatal exception that ended the loop, or null when it ended normally or was stopped.</returns>
    public static async Task<Exception?> RunAsync(
        Func<CancellationToken, Task> session,
        Func<Exception, bool> isFatal,
        Action<Exception, TimeSpan> retrying,
        TimeSpan maxDelay,
        CancellationToken stopping)
    {
        var delay = FirstDelay;
        while (!stopping.IsCancellationRequested)
        {
            var started = DateTime.UtcNow;
            try
            {
                await session(stopping);
                return null;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e) when (isFatal(e))
            {
                return e;
            }
            catch (Exception e)
            {
                if (DateTime.UtcNow - started > maxDelay)
                    delay = FirstDelay;
                retrying(e, delay);
                await Task.Delay(delay, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxDelay.Ticks));
            }
        }
        return null;
    }
}
