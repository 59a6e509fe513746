using System.Data.Common;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Cdc.Appliers;
using Cdc.Capture;
using Cdc.Streams.Consuming;
using RabbitMQ.Client.Exceptions;

namespace Cdc.Cli.Operations;

/// <summary>
/// Runs a short operator command: SIGINT/SIGTERM cancel it, and failures become one line on standard error with the
/// exit code the command-line conventions give them (0 ok, 1 failure, 2 usage).
/// </summary>
internal static class CommandRunner
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public static async Task<int> RunAsync(string command, Func<CancellationToken, Task<int>> run)
    {
        using var cancel = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            return await run(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"cdc {command}: interrupted.");
            return 130;
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"cdc {command}: {e.Message}");
            await Console.Error.WriteLineAsync($"Run `cdc {command} --help` for the options.");
            return Usage;
        }
        catch (Exception e) when (Explain(e) is { } reason)
        {
            await Console.Error.WriteLineAsync($"cdc {command}: {reason}");
            return Failed;
        }
        catch (Exception e)
        {
            // Never an unhandled exception: what failed, in one line, and the exit code of a failure.
            await Console.Error.WriteLineAsync($"cdc {command}: failed unexpectedly: {e.GetType().Name}: {e.Message} (a bug in cdc: please report this line).");
            return Failed;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            cancel.Cancel();
        }
    }

    private static string? Explain(Exception e) => e switch
    {
        OperationFailedException or ApplyException or CaptureException or StreamException => e.Message,
        BrokerUnreachableException => $"the broker is unreachable ({e.InnerException?.Message ?? e.Message}); check --broker and that RabbitMQ runs.",
        OperationInterruptedException => $"the broker closed the connection ({e.Message}); check that RabbitMQ runs and the broker user's permissions, then run the command again.",
        DbException or SocketException or TimeoutException => $"{e.Message.TrimEnd('.')}; check the database URI and that the server runs.",
        FormatException or ArgumentException => e.Message,
        _ => null,
    };
}
