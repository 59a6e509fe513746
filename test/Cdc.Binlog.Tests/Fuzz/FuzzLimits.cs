namespace Cdc.Binlog.Tests.Fuzz;

/// <summary>
/// What every fuzz case must respect: it ends (in an event or a <see cref="BinlogProtocolException"/>) within
/// <see cref="CaseTime"/>, and allocates no more than a fixed amount plus a small multiple of the bytes the server
/// sent — never what a length or count field in those bytes claims.
/// </summary>
internal static class FuzzLimits
{
    public static readonly TimeSpan CaseTime = TimeSpan.FromSeconds(5);

    public const long FixedBytes = 1 << 20;

    public const long BytesPerInputByte = 256;

    /// <summary>The case count: CDC_FUZZ_CASES (make soak) or the given default (make test).</summary>
    public static int Cases(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("CDC_FUZZ_CASES"), out var n) && n > 0 ? n : fallback;

    public static long AllocationLimit(long inputBytes) => FixedBytes + BytesPerInputByte * inputBytes;
}
