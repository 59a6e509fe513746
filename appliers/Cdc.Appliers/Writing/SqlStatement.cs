using Cdc.Model;

namespace Cdc.Appliers.Writing;

/// <summary>One SQL statement with its parameters, each with the column that says how to send it.</summary>
public sealed record SqlStatement(string Sql, IReadOnlyList<(ColumnDefinition Column, object? Value)> Parameters);
