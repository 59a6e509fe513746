namespace Cdc.Model;

/// <summary>
/// The engine-neutral meaning of a column. Each kind fixes the .NET type its values take in a <see cref="RowImage"/>,
/// which is also the value the Avro encoding carries:
/// <list type="table">
/// <item><term>Boolean</term><description><c>bool</c></description></item>
/// <item><term>Int16, Int32</term><description><c>int</c></description></item>
/// <item><term>Int64</term><description><c>long</c></description></item>
/// <item><term>Float32 / Float64</term><description><c>float</c> / <c>double</c></description></item>
/// <item><term>Decimal</term><description><c>string</c>: exact invariant text (<c>-12.50</c>), or <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c></description></item>
/// <item><term>Numeric</term><description><c>string</c>: a decimal without fixed precision and scale, exact text, same special values</description></item>
/// <item><term>String, Enum, Json, Interval, Text</term><description><c>string</c></description></item>
/// <item><term>Bytes</term><description><c>byte[]</c></description></item>
/// <item><term>Uuid</term><description><c>string</c>, lower-case canonical form</description></item>
/// <item><term>Date</term><description><c>int</c> days since 1970-01-01; <c>int.MaxValue</c> / <c>int.MinValue</c> are ±infinity</description></item>
/// <item><term>Time</term><description><c>long</c> microseconds since midnight</description></item>
/// <item><term>Timestamp / TimestampTz</term><description><c>long</c> microseconds since 1970-01-01 (local / UTC); <c>long.MaxValue</c> / <c>long.MinValue</c> are ±infinity</description></item>
/// <item><term>Array</term><description><c>IReadOnlyList&lt;object?&gt;</c> of values of the element kind</description></item>
/// </list>
/// <c>Text</c> is the fallback for a source type the mapping does not know: its text form travels, never dropped. It
/// also carries MariaDB's INET4, INET6 and UUID as MariaDB prints them, which a target with that type reads back.
/// </summary>
public enum ColumnKind
{
    Boolean,
    Int16,
    Int32,
    Int64,
    Float32,
    Float64,
    Decimal,
    Numeric,
    String,
    Bytes,
    Uuid,
    Date,
    Time,
    Timestamp,
    TimestampTz,
    Interval,
    Json,
    Enum,
    Array,
    Text,
}
