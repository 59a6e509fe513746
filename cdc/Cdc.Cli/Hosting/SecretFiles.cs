using Cdc.Cli.Operations;
using Microsoft.Extensions.Configuration;

namespace Cdc.Cli.Hosting;

/// <summary>
/// Settings whose value is in a file: a key ending in <c>_FILE</c> (<c>CDC_Capture__Source_FILE=/run/secrets/source</c>,
/// or <c>Capture:Source_FILE</c> in appsettings.json) sets the key without the suffix to the file's content, trailing
/// line break removed. Passwords then live in files readable only by the service's user, never on a command line
/// (which every local user can read with <c>ps</c>) and not in the environment either.
/// </summary>
internal static class SecretFiles
{
    private const string Suffix = "_FILE";

    /// <summary>The settings the <c>*_FILE</c> keys of <paramref name="configuration"/> name, read from their files.</summary>
    /// <exception cref="UsageException">A named file cannot be read; the message names the setting and the file.</exception>
    public static Dictionary<string, string?> Resolve(IConfiguration configuration)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, path) in configuration.AsEnumerable())
        {
            if (!key.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(path))
                continue;
            var target = key[..^Suffix.Length];
            try
            {
                values[target] = File.ReadAllText(path).TrimEnd('\r', '\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException(
                    $"Setting {key} names the file '{path}', which cannot be read: {e.Message} Create it (mode 0600, owned by the service's user) or remove the setting.");
            }
        }
        return values;
    }
}
