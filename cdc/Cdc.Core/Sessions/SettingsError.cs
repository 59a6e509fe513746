namespace Cdc.Sessions;

/// <summary>
/// A setting a capturer or applier cannot start with: a value its type cannot hold (the configuration binder's
/// <see cref="InvalidOperationException"/> around the conversion error) or one the settings refuse. Reported as one line
/// naming the setting, exit code 1, never as an unhandled exception with a stack trace.
/// </summary>
public static class SettingsError
{
    public static bool Is(Exception e) =>
        e is ArgumentException or FormatException || e is InvalidOperationException { InnerException: ArgumentException or FormatException };

    public static string Explain(Exception e) => e is InvalidOperationException
        ? $"{e.Message} {e.InnerException!.GetBaseException().Message} Fix that setting (command line, --config file or CDC_ environment variable)."
        : e.Message;
}
