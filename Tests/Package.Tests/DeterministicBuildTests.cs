using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace Tether.PackageTests;

/// <summary>
/// The shipped dlls do not depend on where the repository was cloned: the repository (at its committed HEAD) is
/// cloned into two folders whose paths differ in length, Tether.FSharp (and with it Tether.Core) is built in
/// Release in each, and the dlls must be byte-identical. F#'s compiler once sized the dll's debug directory by
/// the clone's path, so Tether.FSharp.dll differed by a few dozen bytes (Directory.Build.targets works around it).
/// </summary>
public class DeterministicBuildTests
{
    [Fact]
    public void The_shipped_dlls_are_byte_identical_when_built_from_clones_at_paths_of_different_lengths()
    {
        var run = Directory.CreateTempSubdirectory("tether-deterministic-").FullName;
        try
        {
            var near = Path.Combine(run, "a");
            var far = Path.Combine(run, "a-clone-whose-path-is-forty-characters-longer");
            foreach (var clone in new[] { near, far })
            {
                Run(run, "git", $"clone --quiet \"{Packages.Root}\" \"{clone}\"");
                Run(clone, "dotnet", "tool restore");
                Run(clone, "dotnet", "paket restore");
                Run(clone, "dotnet", "build Api.FSharp/Tether.FSharp.fsproj -c Release --nologo");
            }

            foreach (var dll in new[] { "Tether.FSharp.dll", "Tether.Core.dll" })
            {
                var a = File.ReadAllBytes(Path.Combine(near, "Api.FSharp", "bin", "Release", "net10.0", dll));
                var b = File.ReadAllBytes(Path.Combine(far, "Api.FSharp", "bin", "Release", "net10.0", dll));
                Assert.True(a.AsSpan().SequenceEqual(b), $"{dll} differs between the clones ({a.Length} and {b.Length} bytes, first difference at {FirstDifference(a, b)})");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(run, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A build server may still hold a file; the folder is in the temp directory.
            }
        }
    }

    /// <summary>
    /// The temp directory's path is as much the builder's as the clone's is (on macOS a random folder per user, on
    /// Windows under the user's name): one clone is built twice, with temp directories whose paths differ in length.
    /// </summary>
    [Fact]
    public void Tether_FSharp_dll_is_byte_identical_when_built_with_temp_directories_of_different_lengths()
    {
        var run = Directory.CreateTempSubdirectory("tether-deterministic-temp-").FullName;
        try
        {
            var clone = Path.Combine(run, "clone");
            Run(run, "git", $"clone --quiet \"{Packages.Root}\" \"{clone}\"");
            Run(clone, "dotnet", "tool restore");
            Run(clone, "dotnet", "paket restore");
            var dlls = new System.Collections.Generic.List<byte[]>();
            foreach (var temp in new[] { "t", "a-temp-directory-whose-path-is-forty-characters-longer" })
            {
                var tempPath = Directory.CreateDirectory(Path.Combine(run, temp)).FullName + Path.DirectorySeparatorChar;
                Run(clone, "dotnet", "build Api.FSharp/Tether.FSharp.fsproj -c Release --nologo --no-incremental", tempPath);
                dlls.Add(File.ReadAllBytes(Path.Combine(clone, "Api.FSharp", "bin", "Release", "net10.0", "Tether.FSharp.dll")));
            }

            Assert.True(dlls[0].AsSpan().SequenceEqual(dlls[1]), $"Tether.FSharp.dll differs between the temp directories ({dlls[0].Length} and {dlls[1].Length} bytes, first difference at {FirstDifference(dlls[0], dlls[1])})");
        }
        finally
        {
            try
            {
                Directory.Delete(run, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A build server may still hold a file; the folder is in the temp directory.
            }
        }
    }

    private static int FirstDifference(byte[] a, byte[] b)
    {
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
            i++;
        return i;
    }

    /// <summary>Runs a program in a folder (fifteen minutes at most: the other package tests build at the same time);
    /// fails the test with its output when it fails.
    /// NUGET_SOURCE, which the clone's paket.lock names, comes from the test's own environment (build.fsx sets it).</summary>
    private static void Run(string dir, string program, string args, string? tempPath = null)
    {
        var info = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
            info.Environment.Remove(name);
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        if (tempPath is not null)
        {
            foreach (var name in new[] { "TMPDIR", "TMP", "TEMP" })
                info.Environment[name] = tempPath;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {args} did not finish in fifteen minutes:\n{stdout.Result}\n{stderr.Result}");
        }

        Assert.True(process.ExitCode == 0, $"{program} {args} failed ({process.ExitCode}) in {dir}:\n{stdout.Result}\n{stderr.Result}");
    }
}
