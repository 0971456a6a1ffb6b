using System;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using Xunit;

namespace Tether.Wasmtime.Tests;

/// <summary>The README's first command: the demo runs and tells the story it should.</summary>
public class DemoTests
{
    [Fact]
    public void The_demo_tells_the_whole_story()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "paket.dependencies")))
            root = root.Parent;
        var demo = Path.Combine(root!.FullName, "Demo", "bin", "Release", "net10.0", "Tether.Demo.dll");
        Assert.True(File.Exists(demo), $"build the demo first: {demo}");

        var info = new ProcessStartInfo("dotnet", $"\"{demo}\"") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.Matches(@"guest draws slot 0: Dropped \(-2\)", output);
        Assert.Matches(@"the stale hero handle still says: Dropped \(-2\)", output);
        Assert.Matches(@"guest draws slot 2: Collected \(-3\)", output);
        Assert.Matches(@"1 notice\(s\) delivered to on_collected", output);
        Assert.Matches(@"slot 2 now holds 0", output);
        Assert.Matches(@"every other call got a code; no trap", output);
        Assert.Matches(@"WrongTable \(-5\)", output);
        Assert.Matches(@"Counts: 2 strong, 0 weak, 0 collected, 1,048,574 free, 0 retired\.", output);
        Assert.InRange(Regex.Matches(output, "\n").Count, 20, 40);
    }
}
