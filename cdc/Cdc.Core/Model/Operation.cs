namespace Cdc.Model;

/// <summary>What happened to a row. The wire form is the one-letter code CDC users know from Debezium.</summary>
public enum Operation
{
    /// <summary>An inserted row (<c>c</c>).</summary>
    Create,
    /// <summary>An updated row (<c>u</c>).</summary>
    Update,
    /// <summary>A deleted row (<c>d</c>).</summary>
    Delete,
    /// <summary>A row read by an initial snapshot (<c>r</c>).</summary>
    Read,
    /// <summary>A truncated table (<c>t</c>): no row image.</summary>
    Truncate,
}

/// <summary>The one-letter codes of <see cref="Operation"/>.</summary>
public static class OperationCodes
{
    private const string Codes = "cudrt";

    /// <summary>The letter that stands for <paramref name="op"/> on the wire.</summary>
    public static char ToCode(this Operation op) => Codes[(int)op];

    /// <summary>The operation a letter stands for.</summary>
    public static Operation FromCode(char code)
    {
        var index = Codes.IndexOf(code);
        if (index < 0)
            throw new FormatException($"'{code}' is not an operation code; expected one of c, u, d, r, t.");
        return (Operation)index;
    }
}
