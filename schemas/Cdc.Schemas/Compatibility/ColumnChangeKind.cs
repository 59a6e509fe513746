namespace Cdc.Schemas.Compatibility;

/// <summary>What happened to one column between two versions of a table.</summary>
public enum ColumnChangeKind
{
    /// <summary>A new column that rows may leave unset (nullable, or with a constant default).</summary>
    AddedOptional,

    /// <summary>A new NOT NULL column without a constant default: records of the previous version have no value for it.</summary>
    AddedRequired,

    /// <summary>A column that was nullable or had a default is gone.</summary>
    RemovedOptional,

    /// <summary>A NOT NULL column without a default is gone: readers of the previous version miss a value they need.</summary>
    RemovedRequired,

    /// <summary>Same source id, new name.</summary>
    Renamed,

    /// <summary>Every old value fits the new type (int → bigint, varchar(n) → larger, numeric precision up).</summary>
    Widened,

    /// <summary>Every new value fits the old type, not the other way round.</summary>
    Narrowed,

    /// <summary>Another kind of value altogether (int → text, date → timestamp).</summary>
    Retyped,

    /// <summary>NOT NULL dropped.</summary>
    NowNullable,

    /// <summary>NOT NULL set.</summary>
    NowRequired,

    /// <summary>Only the default, the key membership or the source's type text changed.</summary>
    Redefined,
}
