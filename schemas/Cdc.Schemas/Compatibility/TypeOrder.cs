using Cdc.Model;

namespace Cdc.Schemas.Compatibility;

/// <summary>How the values of two column types relate.</summary>
public enum TypeRelation
{
    Same,
    Wider,
    Narrower,
    Unrelated,
}

/// <summary>
/// Whether every value of one column type fits another: integers widen to larger integers, to numeric and to decimals
/// with enough integer digits; float to double; decimals to more integer and fraction digits or to numeric; bounded
/// strings to longer or unbounded ones; times and timestamps to more fractional digits; arrays as their elements.
/// </summary>
public static class TypeOrder
{
    /// <summary>How <paramref name="next"/> relates to <paramref name="previous"/>: <see cref="TypeRelation.Wider"/> when all previous values fit it.</summary>
    public static TypeRelation Compare(ColumnDefinition previous, ColumnDefinition next)
    {
        var forward = Fits(previous, next);
        var backward = Fits(next, previous);
        return (forward, backward) switch
        {
            (true, true) => TypeRelation.Same,
            (true, false) => TypeRelation.Wider,
            (false, true) => TypeRelation.Narrower,
            _ => TypeRelation.Unrelated,
        };
    }

    /// <summary>Every value of <paramref name="source"/> is a value of <paramref name="target"/>.</summary>
    private static bool Fits(ColumnDefinition source, ColumnDefinition target)
    {
        if (source.Kind == ColumnKind.Array || target.Kind == ColumnKind.Array)
            return source.Kind == target.Kind && source.ElementKind is { } a && target.ElementKind is { } b
                && Fits(source with { Kind = a, ElementKind = null }, target with { Kind = b, ElementKind = null });
        if (IntegerDigits(source.Kind) is { } digits)
            return target.Kind switch
            {
                ColumnKind.Numeric => true,
                ColumnKind.Decimal => (target.Precision ?? 0) - (target.Scale ?? 0) >= digits,
                _ => IntegerDigits(target.Kind) is { } targetDigits && targetDigits >= digits,
            };
        return (source.Kind, target.Kind) switch
        {
            (ColumnKind.Float32, ColumnKind.Float32 or ColumnKind.Float64) => true,
            (ColumnKind.Float64, ColumnKind.Float64) => true,
            (ColumnKind.Decimal, ColumnKind.Numeric) => true,
            (ColumnKind.Numeric, ColumnKind.Numeric) => true,
            (ColumnKind.Decimal, ColumnKind.Decimal) => (target.Scale ?? 0) >= (source.Scale ?? 0)
                && (target.Precision ?? 0) - (target.Scale ?? 0) >= (source.Precision ?? 0) - (source.Scale ?? 0),
            (ColumnKind.String, ColumnKind.String) => target.Length is null || (source.Length is { } length && length <= target.Length),
            (ColumnKind.Time, ColumnKind.Time) or (ColumnKind.Timestamp, ColumnKind.Timestamp) or (ColumnKind.TimestampTz, ColumnKind.TimestampTz) =>
                (target.Precision ?? 6) >= (source.Precision ?? 6),
            (ColumnKind.Enum, ColumnKind.Enum) => source.SourceType == target.SourceType,
            _ => source.Kind == target.Kind,
        };
    }

    /// <summary>Decimal digits an integer kind needs; null for other kinds.</summary>
    private static int? IntegerDigits(ColumnKind kind) => kind switch
    {
        ColumnKind.Int16 => 5,
        ColumnKind.Int32 => 10,
        ColumnKind.Int64 => 19,
        _ => null,
    };
}
