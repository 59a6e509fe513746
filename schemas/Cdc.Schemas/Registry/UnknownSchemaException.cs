namespace Cdc.Schemas.Registry;

/// <summary>A record names a schema version the registry does not have, even after waiting for it.</summary>
public sealed class UnknownSchemaException(string subject, int version, TimeSpan waited) : Exception(
    $"Schema {subject} version {version} is not in the registry stream cdc.schemas after waiting {waited.TotalSeconds:0}s. " +
    "The record is not decoded with a guessed schema. Check that the capturer of that office publishes to this broker, " +
    "and that cdc.schemas was not deleted or replaced.")
{
    public string Subject { get; } = subject;
    public int Version { get; } = version;
}
