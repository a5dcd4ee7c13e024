using System.Diagnostics;

namespace RaRlhf.Actors.Tests.Transport;

/// <summary>
/// A throwaway PKI made with <c>openssl</c>: a CA, a server certificate it signed for localhost/127.0.0.1, and an
/// unrelated second CA (a client trusting only that one must refuse the server).
/// </summary>
internal sealed class TestCertificates
{
    public TestCertificates(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        Run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=rarlhf test CA");
        Run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        File.WriteAllText(Path.Combine(directory, "server.ext"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        Run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
            "-days", "2", "-extfile", "server.ext");
        Run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.pem", "-days", "2", "-subj", "/CN=unrelated CA");
    }

    public string Directory { get; }

    public string CaPath => Path.Combine(Directory, "ca.pem");

    public string OtherCaPath => Path.Combine(Directory, "other-ca.pem");

    public string ServerCertificatePath => Path.Combine(Directory, "server.pem");

    private void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = Directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot run openssl");
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors.Result}");
        }
    }
}
