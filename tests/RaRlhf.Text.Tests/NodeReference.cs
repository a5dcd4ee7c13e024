using System.Diagnostics;
using System.Text.Json;
using RaRlhf.Testing;

namespace RaRlhf.Text.Tests;

/// <summary>
/// Runs the independent GPT-2 reference (npm gpt-3-encoder@1.1.4, tools/reference/encode.js) under node over texts.
/// Missing node or package fails the test with what to run; it never skips silently.
/// </summary>
internal static class NodeReference
{
    public static string ScriptDirectory => Path.Combine(TestData.RepoRoot, "tools", "reference");

    public static int[][] Encode(IReadOnlyList<string> texts)
    {
        var package = Path.Combine(ScriptDirectory, "node_modules", "gpt-3-encoder", "Encoder.js");
        if (!File.Exists(package))
        {
            Assert.Fail($"the npm reference is not installed ({package} missing): run `cd tools/reference && npm ci`");
        }

        var start = new ProcessStartInfo("node", ["encode.js"])
        {
            WorkingDirectory = ScriptDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"node is not runnable ({e.Message}): install Node.js, then `cd tools/reference && npm ci`");
            throw;
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            foreach (var text in texts)
            {
                process.StandardInput.WriteLine(JsonSerializer.Serialize(new { text }));
            }

            process.StandardInput.Close();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"node encode.js failed ({process.ExitCode}): {stderr.Result}");
            var lines = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(texts.Count, lines.Length);
            return lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("ids")
                .EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray();
        }
    }
}
