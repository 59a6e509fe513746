using System.Diagnostics;

namespace Cdc.IntegrationTests.Harness;

/// <summary>
/// A throw-away CA and a server certificate it signed for localhost and 127.0.0.1 (ca.pem, server.pem, server.key:
/// the layout deploy/native/services.sh reads from CDC_TLS_DIR), plus a second, unrelated CA (wrong-ca.pem) that a
/// client must not accept the server with. Made with openssl in a temporary folder.
/// </summary>
public sealed class ThrowawayCertificates
{
    private ThrowawayCertificates(string folder) => Folder = folder;

    public string Folder { get; }

    public string CaFile => Path.Combine(Folder, "ca.pem");

    public string WrongCaFile => Path.Combine(Folder, "wrong-ca.pem");

    public static async Task<ThrowawayCertificates> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("cdc-tls-").FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101); // the servers' users read the files from here
        await File.WriteAllTextAsync(Path.Combine(folder, "server.ext"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        await OpenSslAsync(folder, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Cdc throwaway test CA");
        await OpenSslAsync(folder, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "wrong-ca.key", "-out", "wrong-ca.pem", "-days", "2", "-subj", "/CN=Cdc throwaway test CA");
        await OpenSslAsync(folder, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        await OpenSslAsync(folder, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
        return new ThrowawayCertificates(folder);
    }

    public void Delete() => Directory.Delete(Folder, recursive: true);

    private static async Task OpenSslAsync(string folder, params string[] arguments)
    {
        var info = new ProcessStartInfo("openssl", arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
    }
}
