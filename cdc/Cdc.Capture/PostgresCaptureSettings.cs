namespace Cdc.Capture;

/// <summary>What only a PostgreSQL capture uses (<see cref="CaptureSettings.Postgres"/>).</summary>
/// <param name="Publication">The publication (<c>Capture:Publication</c>; default <c>cdc_&lt;office&gt;</c>).</param>
/// <param name="Slot">The replication slot (<c>Capture:Slot</c>; default <c>cdc_&lt;office&gt;</c>).</param>
/// <param name="CreateMissing">Create the publication and slot when missing (otherwise say what to run).</param>
public sealed record PostgresCaptureSettings(string Publication, string Slot, bool CreateMissing)
{
    /// <summary>Slot names allow lower-case letters, digits and underscores only.</summary>
    internal static string Identifier(string office) =>
        new(office.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
