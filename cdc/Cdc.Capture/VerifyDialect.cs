using System.Data.Common;
using Cdc.Connections;
using Cdc.Model;

namespace Cdc.Capture;

/// <summary>
/// What differs per engine when <c>cdc verify</c> reads a database (a source or a target): the connection, the
/// session's time zone, names, the catalog's scope, and how a text-like key column sorts in verify's key order (by the
/// bytes of its UTF-8 text). Each engine's lives beside its capture (<see cref="SourceCapture.VerifyDialect"/>).
/// </summary>
public abstract class VerifyDialect
{
    public abstract DbConnection Connect(DatabaseUri uri);

    /// <summary>Puts the session in UTC, as the appliers write times (MariaDB TIMESTAMP values read in the session's zone).</summary>
    public abstract string UtcSession { get; }

    /// <summary>A condition on <c>tc.table_schema</c> that keeps the catalog to this database (empty when it is already).</summary>
    public abstract string ThisDatabase { get; }

    /// <summary>The schema of a table, as a SQL expression for information_schema.</summary>
    public abstract string SchemaOf(TableId table);

    public abstract string Quote(string identifier);

    public abstract string Name(TableId table);

    /// <summary>Whether a column of this type sorts natively as verify's key order does; every other type sorts by its text.</summary>
    public abstract bool SortsNatively(string type);

    /// <summary>A text-like key column as it sorts in verify's key order: by the bytes of its UTF-8 text.</summary>
    public abstract string OrderedAsText(string quotedColumn);

    /// <summary>A range bound of a text-like key column, as that column compares.</summary>
    public abstract object TextBound(string text);
}
