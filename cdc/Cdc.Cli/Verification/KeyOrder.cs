using System.Globalization;
using System.Text;

namespace Cdc.Cli.Verification;

/// <summary>
/// The order <c>cdc verify</c> ranges keys in, the same on the client and in both engines: numbers by value (whatever
/// their width or driver type), times by instant, bytes byte by byte, and everything else (text, uuid, enum) by the
/// bytes of its UTF-8 text, which is code point order. PostgreSQL sorts text that way under <c>COLLATE "C"</c> and
/// MariaDB as <c>CAST(CONVERT(x USING utf8mb4) AS BINARY)</c>, whatever collation the column has, so key ranges cut
/// from the source hold the same rows in the target. Composite keys compare column by column.
/// </summary>
internal sealed class KeyOrder : IComparer<object?[]>
{
    public static readonly KeyOrder Instance = new();

    public int Compare(object?[]? x, object?[]? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var order = CompareValues(x[i], y[i]);
            if (order != 0)
                return order;
        }
        return x.Length.CompareTo(y.Length);
    }

    public static int CompareValues(object? x, object? y) => (SortKey(x), SortKey(y)) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (decimal a, decimal b) => a.CompareTo(b),
        (double a, double b) => a.CompareTo(b),
        (decimal a, double b) => ((double)a).CompareTo(b),
        (double a, decimal b) => a.CompareTo((double)b),
        (byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b),
        var (a, b) => throw new InvalidOperationException($"Key values {x} ({x!.GetType().Name}) and {y} ({y!.GetType().Name}) do not compare: {a.GetType().Name} against {b.GetType().Name}."),
    };

    /// <summary>Whether a value of this kind compares as the bytes of its text (the engines need the byte-order expression).</summary>
    public static bool IsText(object? value) => value is string or Guid or char;

    /// <summary>The text a text-like key value compares as (a uuid in its lowercase hex form, as both engines print it).</summary>
    public static string Text(object value) => value switch
    {
        Guid g => g.ToString("D"),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Each value as one of three comparable kinds: decimal (integers, decimals, times as ticks), double, or bytes.</summary>
    private static object? SortKey(object? value) => value switch
    {
        null => null,
        bool b => b ? 1m : 0m,
        sbyte or byte or short or ushort or int or uint or long or ulong or decimal => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        float f => (double)f,
        double d => d,
        DateTime t => (decimal)t.Ticks,
        DateTimeOffset t => (decimal)t.UtcTicks,
        DateOnly d => (decimal)d.ToDateTime(TimeOnly.MinValue).Ticks,
        TimeSpan t => (decimal)t.Ticks,
        TimeOnly t => (decimal)t.Ticks,
        byte[] bytes => bytes,
        _ when IsText(value) => Encoding.UTF8.GetBytes(Text(value)),
        _ => Encoding.UTF8.GetBytes(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };
}
