using System.Net;
using System.Net.Sockets;

namespace Cdc.IntegrationTests.Harness;

/// <summary>
/// Ports for the servers and endpoints a test starts itself. Never from the kernel's ephemeral range (port 0): a port
/// found free there is taken again by the next outgoing connection of a busy test run before the server binds it (a
/// TLS fixture's MariaDB failed to start that way on CI). These come from 16000–19999, below that range and away from
/// the shared servers' ports (13306, 15432, 23306, 25432, 35672, 45672) and the topology test's; the same port is
/// never handed out twice in one test run.
/// </summary>
public static class FreePorts
{
    private const int From = 16000;
    private const int To = 20000;
    private static readonly HashSet<int> Given = [];
    private static readonly Lock Gate = new();

    /// <summary>A free port.</summary>
    public static int One() => Take(1);

    /// <summary>A free port whose successor is free too (RabbitMQ's Erlang distribution port).</summary>
    public static int Pair() => Take(2);

    private static int Take(int count)
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(From, To - count);
                var ports = Enumerable.Range(port, count).ToArray();
                if (ports.Any(Given.Contains) || !ports.All(IsFree))
                    continue;
                Given.UnionWith(ports);
                return port;
            }
        }
        throw new InvalidOperationException($"No {count} free consecutive ports between {From} and {To}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
