namespace Cdc.Model;

/// <summary>One column of a captured table, as the source described it.</summary>
/// <param name="Name">The column name as the source spells it.</param>
/// <param name="Kind">The engine-neutral meaning, which fixes the value type.</param>
/// <param name="SourceType">The source's own type text (<c>numeric(10,2)</c>, <c>varchar(40)</c>), for people and for same-engine targets.</param>
/// <param name="Nullable">Whether the source allows NULL.</param>
/// <param name="IsKey">Part of the primary key (or of the replica identity standing in for it).</param>
/// <param name="Length">Character or byte length for bounded strings, when the source has one.</param>
/// <param name="Precision">Decimal precision, or fractional-second digits for time kinds.</param>
/// <param name="Scale">Decimal scale.</param>
/// <param name="ElementKind">For <see cref="ColumnKind.Array"/>: the kind of the elements.</param>
/// <param name="Default">
/// The value a row gets when it does not set this column, in the canonical text form of its kind (PostgreSQL text, as
/// <c>CanonicalText</c> parses it); only for constant defaults. Null when there is none, or when it is computed per row
/// (<c>now()</c>, <c>nextval(...)</c>), which a target cannot repeat.
/// </param>
/// <param name="SourceId">
/// The column's stable identity in the source (PostgreSQL <c>pg_attribute.attnum</c>), kept across renames; null when
/// the source has none. A column whose name changed but whose id did not is a rename, not a drop and an add.
/// </param>
public sealed record ColumnDefinition(
    string Name,
    ColumnKind Kind,
    string SourceType,
    bool Nullable = true,
    bool IsKey = false,
    int? Length = null,
    int? Precision = null,
    int? Scale = null,
    ColumnKind? ElementKind = null,
    string? Default = null,
    int? SourceId = null)
{
    /// <summary>A row that does not set this column still gets a value: it is nullable or has a constant default.</summary>
    public bool IsOptional => Nullable || Default is not null;
}
