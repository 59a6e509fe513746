namespace Cdc.IntegrationTests.Harness;

/// <summary>Waits for an asynchronous pipeline to reach a state, and says what it saw last when it does not.</summary>
public static class Eventually
{
    public static async Task<T> ReachAsync<T>(Func<Task<T>> observe, Func<T, bool> reached, TimeSpan timeout, Func<T, string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var seen = await observe();
            if (reached(seen))
                return seen;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not reached within {timeout.TotalSeconds}s; last seen: {describe(seen)}");
            await Task.Delay(250);
        }
    }
}
