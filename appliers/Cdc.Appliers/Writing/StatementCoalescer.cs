using System.Collections;
using Cdc.Model;

namespace Cdc.Appliers.Writing;

/// <summary>
/// The statements for changes in source order, where a run of consecutive changes that one multi-row statement applies
/// with the same row effects becomes that statement: upserts of one table version with the same available columns
/// (<c>INSERT ... VALUES (...), (...)</c> with the engine's on-conflict update), or deletes by key of one table version
/// (<c>DELETE ... WHERE k IN (...)</c>). Target triggers still see one insert, update or delete per row.
/// A run ends at another table or version, another <see cref="KeyedStatement"/>, other available columns, a key already
/// in the run (one statement must not touch a row twice: PostgreSQL refuses it, and the two changes' order matters), and
/// at <c>maxParameters</c> (0: every change in a statement of its own, as <see cref="ChangeStatements.For"/> gives it).
/// A run of consecutive truncates (a source's <c>TRUNCATE a, b</c>, whose tables may reference each other) is one
/// truncation of all its tables. Every other change (tables without a key, key moves) gets the statement
/// <see cref="ChangeStatements.For"/> gives it alone, in its place.
/// </summary>
public sealed class StatementCoalescer(SqlDialect dialect, int maxParameters)
{
    private readonly ChangeStatements _statements = new(dialect);

    /// <param name="changes">Changes in source order, projected onto the target tables.</param>
    /// <param name="unmatched">Called for a change no statement can apply (see <see cref="ChangeStatements.For"/>).</param>
    public IEnumerable<SqlStatement> For(IEnumerable<ChangeRecord> changes, Action<ChangeRecord> unmatched)
    {
        var run = new List<ChangeRecord>();
        var keys = new HashSet<object?[]>(KeyComparer.Instance);
        var kind = KeyedStatement.Upsert;
        var truncated = new List<string>();
        foreach (var change in changes)
        {
            if (change.Op == Operation.Truncate)
            {
                if (run.Count > 0)
                    yield return Statement(kind, run);
                run.Clear();
                keys.Clear();
                if (!truncated.Contains(dialect.TableName(change.Table.Id)))
                    truncated.Add(dialect.TableName(change.Table.Id));
                continue;
            }
            if (truncated.Count > 0)
            {
                yield return _statements.Truncate(truncated.ToArray());
                truncated.Clear();
            }
            var keyed = ChangeStatements.Keyed(change);
            var key = keyed is null ? null : Key(change);
            if (run.Count > 0 && !(keyed == kind && Joins(run, change, kind) && !keys.Contains(key!)))
            {
                yield return Statement(kind, run);
                run.Clear();
                keys.Clear();
            }
            if (keyed is not { } statement)
            {
                if (_statements.For(change) is { } alone)
                    yield return alone;
                else
                    unmatched(change);
                continue;
            }
            kind = statement;
            run.Add(change);
            keys.Add(key!);
        }
        if (run.Count > 0)
            yield return Statement(kind, run);
        if (truncated.Count > 0)
            yield return _statements.Truncate(truncated.ToArray());
    }

    private SqlStatement Statement(KeyedStatement kind, List<ChangeRecord> run)
    {
        var table = run[0].Table;
        var name = dialect.TableName(table.Id);
        return kind == KeyedStatement.Upsert
            ? _statements.Upsert(name, table, run.Select(c => c.After!).ToArray())
            : _statements.DeleteByKey(name, table, run.Select(c => c.Before!).ToArray());
    }

    /// <summary>Whether <paramref name="change"/> (of the run's kind, with a new key) fits in the run's statement.</summary>
    private bool Joins(List<ChangeRecord> run, ChangeRecord change, KeyedStatement kind)
    {
        var first = run[0];
        if (!ReferenceEquals(first.Table, change.Table) && !first.Table.Equals(change.Table))
            return false;
        if (kind == KeyedStatement.Delete)
            return (run.Count + 1) * first.Table.KeyIndexes.Count <= maxParameters;
        RowImage row = first.After!, next = change.After!;
        var available = 0;
        for (var i = 0; i < first.Table.Columns.Count; i++)
        {
            if (row.IsAvailable(i) != next.IsAvailable(i))
                return false;
            if (row.IsAvailable(i))
                available++;
        }
        return (run.Count + 1) * available <= maxParameters;
    }

    private static object?[] Key(ChangeRecord change)
    {
        var indexes = change.Table.KeyIndexes;
        var row = change.KeyRow!;
        var key = new object?[indexes.Count];
        for (var i = 0; i < key.Length; i++)
            key[i] = row[indexes[i]];
        return key;
    }

    /// <summary>Keys compare by value, byte arrays (bytea, VARBINARY keys) by content.</summary>
    private sealed class KeyComparer : IEqualityComparer<object?[]>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(object?[]? x, object?[]? y) => StructuralComparisons.StructuralEqualityComparer.Equals(x, y);

        public int GetHashCode(object?[] key) => StructuralComparisons.StructuralEqualityComparer.GetHashCode(key);
    }
}
