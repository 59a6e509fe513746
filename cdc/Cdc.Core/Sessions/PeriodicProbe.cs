namespace Cdc.Sessions;

/// <summary>
/// Runs a measurement for the metrics now and at every interval until cancelled. A failed measurement is reported and
/// the next one tried at the next tick: only the metrics depend on it, the session notices broken connections itself.
/// </summary>
public static class PeriodicProbe
{
    public static async Task RunAsync(Func<CancellationToken, Task> measure, TimeSpan interval, Action<Exception> failed, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        while (true)
        {
            try
            {
                await measure(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failed(e);
            }
            try
            {
                await timer.WaitForNextTickAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
