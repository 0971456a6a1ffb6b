using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace Tether.Native.Tests.Support;

/// <summary>
/// The example library published with NativeAOT, once per test run (every trim and AOT warning on its own line,
/// the log kept), and the C programs compiled against it with gcc: the harness twice (plain, and with
/// -fsanitize=address,undefined), and the demo. The example references Tether.Native as a project and imports the
/// package's build targets, as a library that references the nupkg gets them.
/// </summary>
public sealed class NativeBuild
{
    public NativeBuild()
    {
        Directory.CreateDirectory(Output);
        var publish = Run("dotnet",
            $"publish \"{Path.Combine(Root, "Interop", "Native.Example", "Tether.Native.Example.csproj")}\" -r linux-x64 -c Release --nologo "
            + $"-o \"{Library}\" -p:TrimmerSingleWarn=false", Root, TimeSpan.FromMinutes(10));
        PublishLog = publish.Output;
        Assert.True(publish.ExitCode == 0, $"the NativeAOT publish failed:\n{publish.Output}");
        Harness = Compile("harness", [Path.Combine(Root, "Tests", "Native.Tests", "Harness", "harness.c")], sanitize: false);
        SanitizedHarness = Compile("harness-asan", [Path.Combine(Root, "Tests", "Native.Tests", "Harness", "harness.c")], sanitize: true);
        Demo = Compile("demo", [Path.Combine(Root, "Interop", "Native.Example", "demo.c")], sanitize: false);
    }

    public static readonly string Root = FindRoot();

    /// <summary>Where the run's files go: artifacts/native/test.</summary>
    public static readonly string Output = Path.Combine(Root, "artifacts", "native", "test");

    /// <summary>The publish folder: tether_example.so and the tether.h the package's targets copy beside it.</summary>
    public static readonly string Library = Path.Combine(Output, "example");

    public static readonly string LsanSuppressions = Path.Combine(Root, "Tests", "Native.Tests", "Harness", "lsan.supp");

    public string PublishLog { get; }

    public string Harness { get; }

    public string SanitizedHarness { get; }

    public string Demo { get; }

    /// <summary>gcc, C11, every warning an error, linked against the published library (found beside it at run time).</summary>
    public string Compile(string name, IEnumerable<string> sources, bool sanitize)
    {
        var exe = Path.Combine(Output, name);
        var flags = "-std=c11 -Wall -Wextra -Werror -O1 -g" + (sanitize ? " -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" : "");
        var includes = $"-I\"{Library}\" -I\"{Path.Combine(Root, "Interop", "Native.Example")}\"";
        var files = string.Join(" ", sources.Select(s => $"\"{s}\""));
        var result = Run("gcc", $"{flags} {includes} {files} \"{Path.Combine(Library, "tether_example.so")}\" -Wl,-rpath,\"{Library}\" -lpthread -o \"{exe}\"", Output, TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"gcc failed for {name}:\n{result.Output}");
        return exe;
    }

    /// <summary>Runs a program; its exit code and everything it printed (stdout, then stderr).</summary>
    public static (int ExitCode, string Output) Run(string exe, string args, string dir, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(exe, args) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        // The test host's MSBuild settings must not reach a nested build.
        foreach (var variable in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
            info.Environment.Remove(variable);
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}\n{stdout.Result}\n{stderr.Result}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "paket.dependencies")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}

/// <summary>Every test of the C ABI shares one publish; they run one after another (the churn counts on the cores).</summary>
[CollectionDefinition(Name)]
public sealed class NativeCollection : ICollectionFixture<NativeBuild>
{
    public const string Name = "native";
}
