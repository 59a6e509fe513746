namespace Cdc.Sql;

/// <summary>A table, schema or column name the target engine cannot hold as it is (it would reject, cut or change it).</summary>
public sealed class UnrepresentableNameException(string name, string engine, string reason)
    : Exception($"The name '{name}' cannot be used on {engine}: {reason}. Rename it at the source.")
{
    public string Name => name;
}
