using System.Globalization;

namespace Cdc.Capture.Publishing;

/// <summary>
/// TEST ONLY, off unless the environment variable <c>CDC_TEST_RETURN_MESSAGE=N</c> is set: the N-th message this process
/// publishes (counted over every session, from 1) goes out with a routing key that routes nowhere, so the broker
/// returns it (mandatory publish) and its confirm faults while the messages after it are confirmed: the refused
/// message that later ones overtake, which the continuity tests need and no healthy broker produces on demand.
/// </summary>
internal static class PublishFaultForTests
{
    private static readonly long Returned =
        long.TryParse(Environment.GetEnvironmentVariable("CDC_TEST_RETURN_MESSAGE"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static long _published;

    /// <summary>The routing key of the next message: <paramref name="stream"/>, or one that routes nowhere for the message to be returned.</summary>
    public static string RoutingKey(string stream) =>
        Returned > 0 && Interlocked.Increment(ref _published) == Returned ? $"{stream}.returned-by-test-fault" : stream;
}
