using System.CommandLine;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RaRlhf.Cli.Commands;

/// <summary>`rarlhf info`: what this machine offers the engine (cores, SIMD width, runtime).</summary>
internal sealed class InfoCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("info", "Print the runtime, core count and SIMD support the engine will use.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"runtime      {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})");
            Console.WriteLine($"cores        {Environment.ProcessorCount}");
            Console.WriteLine($"vector512    {Vector512.IsHardwareAccelerated}");
            Console.WriteLine($"vector256    {Vector256.IsHardwareAccelerated}");
            return 0;
        });
        return command;
    }
}
