using System.Globalization;

namespace Cdc.Positions;

/// <summary>A message's place in a RabbitMQ stream (the <c>x-stream-offset</c> the broker stamps on each delivery).</summary>
public readonly record struct StreamOffset(long Value) : IComparable<StreamOffset>
{
    /// <summary>Before the first message of a stream.</summary>
    public static readonly StreamOffset BeforeFirst = new(-1);

    public StreamOffset Next => new(Value + 1);

    public int CompareTo(StreamOffset other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
