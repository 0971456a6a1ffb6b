using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Xunit;

namespace Tether.PackageTests;

/// <summary>
/// One package-install run: a temporary folder outside the repository (so none of its build settings apply) in
/// which each consumer app is a fresh project. All consumers share one NuGet packages folder for the run; the
/// artifacts folder is a package source beside the machine's own (from its NuGet configuration, never named here);
/// the machine's global packages folder serves as a fallback, so what the repository's build already restored is
/// not downloaded and extracted again. Each Tether package must then be installed into the run's folder from
/// artifacts/, byte for byte (see <see cref="AssertInstalledFromArtifacts"/>).
/// </summary>
public sealed class ConsumerRun : IDisposable
{
    public ConsumerRun()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("tether-package-test-").FullName;
        PackagesFolder = Path.Combine(Directory, "packages");
        System.IO.Directory.CreateDirectory(PackagesFolder);
        MachinePackages = MachineGlobalPackages();
        // The artifacts folder is added to the sources the machine's configuration lists; nuget.config files
        // are read from the project's folder up, and fsi reads the script's folder the same way.
        File.WriteAllText(Path.Combine(Directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="tether-artifacts" value="{Packages.Artifacts}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>The run's folder; every consumer is a subfolder.</summary>
    public string Directory { get; }

    /// <summary>The NuGet packages folder every consumer of the run restores into.</summary>
    public string PackagesFolder { get; }

    /// <summary>The machine's global packages folder, a read-only fallback for the run.</summary>
    public string MachinePackages { get; }

    /// <summary>Copies a consumer template into a fresh folder; "*.template" files lose that suffix, with
    /// $VERSION$ (and any other given placeholder) replaced.</summary>
    public string NewProject(string consumer, params (string Placeholder, string Value)[] replacements) =>
        NewProject(consumer, consumer, replacements);

    /// <summary>As <see cref="NewProject(string, ValueTuple{string, string}[])"/>, into a folder of another name
    /// (two variants of one consumer in the same run).</summary>
    public string NewProject(string consumer, string folder, params (string Placeholder, string Value)[] replacements)
    {
        var source = Path.Combine(Packages.Root, "Tests", "Package.Tests", "Consumers", consumer);
        var target = Path.Combine(Directory, folder);
        foreach (var file in System.IO.Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var text = File.ReadAllText(file);
            if (relative.EndsWith(".template", StringComparison.Ordinal))
            {
                relative = relative[..^".template".Length];
                foreach (var (placeholder, value) in replacements)
                    text = text.Replace(placeholder, value);
            }

            var destination = Path.Combine(target, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.WriteAllText(destination, text);
        }

        return target;
    }

    /// <summary>Runs dotnet in a consumer's folder; fails the test with its output when it fails.</summary>
    public string Dotnet(string dir, string args, TimeSpan timeout)
    {
        var (exitCode, output) = DotnetExitCode(dir, args, timeout);
        Assert.True(exitCode == 0, $"dotnet {args} failed ({exitCode}):\n{output}");
        return output;
    }

    /// <summary>Runs dotnet in a consumer's folder, for a run that may fail: its exit code and output (stdout, then stderr).</summary>
    public (int ExitCode, string Output) DotnetExitCode(string dir, string args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The test host's MSBuild settings must not reach the consumer.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
            info.Environment.Remove(name);
        info.Environment["NUGET_PACKAGES"] = PackagesFolder;
        info.Environment["NUGET_FALLBACK_PACKAGES"] = MachinePackages;
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // No MSBuild node outlives the consumer's build (its folder is deleted at the end of the run).
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {args} did not finish in {timeout}:\n{stdout.Result}\n{stderr.Result}");
        }

        return (process.ExitCode, stdout.Result + "\n" + stderr.Result);
    }

    /// <summary>The package is in the run's packages folder, and it is the very nupkg in artifacts/: NuGet keeps
    /// the SHA-512 of the nupkg it installed. A Tether package found in the machine's folder instead (a stale one)
    /// would not be there.</summary>
    public void AssertInstalledFromArtifacts(string id)
    {
        string version = Packages.Version(id);
        var folder = Path.Combine(PackagesFolder, id.ToLowerInvariant(), version);
        var sha = Path.Combine(folder, $"{id.ToLowerInvariant()}.{version}.nupkg.sha512");
        Assert.True(File.Exists(sha), $"{id} {version} was not installed into the run's packages folder {PackagesFolder}");
        var expected = Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(Packages.Nupkg(id))));
        Assert.Equal(expected, File.ReadAllText(sha).Trim());
    }

    public static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A build server may still hold a file; the folder is in the temp directory.
        }
    }

    /// <summary>The global packages folder of the machine's NuGet configuration (NUGET_PACKAGES included).</summary>
    private static string MachineGlobalPackages()
    {
        var info = new ProcessStartInfo("dotnet", "nuget locals global-packages --list") { RedirectStandardOutput = true };
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var match = Regex.Match(output, @"global-packages:\s*(\S.*?)\s*$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no global packages folder in: {output}");
        return match.Groups[1].Value;
    }
}

[CollectionDefinition(Name)]
public sealed class ConsumerCollection : ICollectionFixture<ConsumerRun>
{
    public const string Name = "consumers";
}
