namespace Cdc.Binlog;

/// <summary>
/// Column type codes as they appear in TABLE_MAP events (enum_field_types,
/// https://dev.mysql.com/doc/dev/mysql-server/latest/field__types_8h.html). In a <see cref="ColumnInfo"/> a CHAR
/// that the server logged as <see cref="String"/> but really is an ENUM or SET carries <see cref="Enum"/> or
/// <see cref="Set"/>.
/// </summary>
public enum ColumnType : byte
{
    /// <summary>Pre-5.0 DECIMAL (not in row events of supported servers).</summary>
    Decimal = 0,
    /// <summary>TINYINT.</summary>
    Tiny = 1,
    /// <summary>SMALLINT.</summary>
    Short = 2,
    /// <summary>INT.</summary>
    Long = 3,
    /// <summary>FLOAT.</summary>
    Float = 4,
    /// <summary>DOUBLE.</summary>
    Double = 5,
    /// <summary>NULL type.</summary>
    Null = 6,
    /// <summary>TIMESTAMP without fractional seconds (old format): seconds since the epoch.</summary>
    Timestamp = 7,
    /// <summary>BIGINT.</summary>
    LongLong = 8,
    /// <summary>MEDIUMINT.</summary>
    Int24 = 9,
    /// <summary>DATE.</summary>
    Date = 10,
    /// <summary>TIME (old format).</summary>
    Time = 11,
    /// <summary>DATETIME (old format).</summary>
    DateTime = 12,
    /// <summary>YEAR.</summary>
    Year = 13,
    /// <summary>Internal DATE format; not in row events.</summary>
    NewDate = 14,
    /// <summary>VARCHAR / VARBINARY.</summary>
    VarChar = 15,
    /// <summary>BIT(n).</summary>
    Bit = 16,
    /// <summary>TIMESTAMP(fsp) (MySQL 5.6+ format).</summary>
    Timestamp2 = 17,
    /// <summary>DATETIME(fsp) (MySQL 5.6+ format).</summary>
    DateTime2 = 18,
    /// <summary>TIME(fsp) (MySQL 5.6+ format).</summary>
    Time2 = 19,
    /// <summary>MySQL JSON (binary format). MariaDB's JSON is a LONGTEXT and arrives as <see cref="Blob"/>.</summary>
    Json = 245,
    /// <summary>DECIMAL / NUMERIC.</summary>
    NewDecimal = 246,
    /// <summary>ENUM (logged as <see cref="String"/> with the real type in the metadata).</summary>
    Enum = 247,
    /// <summary>SET (logged as <see cref="String"/> with the real type in the metadata).</summary>
    Set = 248,
    /// <summary>TINYBLOB (logged as <see cref="Blob"/>).</summary>
    TinyBlob = 249,
    /// <summary>MEDIUMBLOB (logged as <see cref="Blob"/>).</summary>
    MediumBlob = 250,
    /// <summary>LONGBLOB (logged as <see cref="Blob"/>).</summary>
    LongBlob = 251,
    /// <summary>BLOB / TEXT of any size; the metadata says how many bytes hold the length.</summary>
    Blob = 252,
    /// <summary>VARCHAR in old formats.</summary>
    VarString = 253,
    /// <summary>CHAR / BINARY (and ENUM/SET on the wire).</summary>
    String = 254,
    /// <summary>GEOMETRY and its subtypes.</summary>
    Geometry = 255,
}
