namespace Cdc.Schemas.Compatibility;

/// <summary>
/// Which readers a subject's next version must keep working for (Confluent's names and meanings, judged on the column
/// model): BACKWARD, a reader of the new version reads records of the previous one; FORWARD, a reader of the previous
/// version reads records of the new one; FULL, both; NONE, no check.
/// </summary>
public enum CompatibilityMode
{
    Backward,
    Forward,
    Full,
    None,
}
