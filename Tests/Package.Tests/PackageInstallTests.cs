using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace Tether.PackageTests;

/// <summary>Tests what we ship: the nupkg in artifacts/, installed into a fresh console project.</summary>
public class PackageInstallTests
{
    private static readonly string Artifacts = Path.Combine(FindRoot(), "artifacts");

    [Fact]
    public void The_package_carries_docs_readme_license_repository_and_its_dependency()
    {
        using var zip = ZipFile.OpenRead(Package());
        var entries = zip.Entries.Select(e => e.FullName).ToArray();

        Assert.Contains("lib/net10.0/Tether.Core.dll", entries);
        Assert.Contains("lib/net10.0/Tether.Core.xml", entries);
        Assert.Contains("README.md", entries);

        var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        XNamespace ns = nuspec.Root!.GetDefaultNamespace();
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("Tether.Core", metadata.Element(ns + "id")!.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("expression", metadata.Element(ns + "license")!.Attribute("type")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.Equal("git", metadata.Element(ns + "repository")!.Attribute("type")!.Value);
        Assert.False(string.IsNullOrEmpty(metadata.Element(ns + "repository")!.Attribute("commit")?.Value));
        var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToArray();
        Assert.Equal(["LanguageExt.Core"], dependencies);
    }

    [Fact]
    public void A_symbols_package_is_made_beside_it()
    {
        Assert.True(File.Exists(Path.ChangeExtension(Package(), ".snupkg")));
    }

    [Fact]
    public void A_fresh_console_project_installs_the_package_from_artifacts_and_runs()
    {
        var dir = Directory.CreateTempSubdirectory("tether-consumer-").FullName;
        try
        {
            string version = Path.GetFileNameWithoutExtension(Package())["Tether.Core.".Length..];
            var consumer = Path.Combine(AppContext.BaseDirectory, "Consumer");
            File.Copy(Path.Combine(consumer, "Program.cs"), Path.Combine(dir, "Program.cs"));
            File.WriteAllText(Path.Combine(dir, "Consumer.csproj"),
                File.ReadAllText(Path.Combine(consumer, "Consumer.csproj.template")).Replace("$VERSION$", version));
            // The artifacts folder is a source beside the machine's default ones, which stay implicit.
            File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="tether-artifacts" value="{Artifacts}" />
                  </packageSources>
                </configuration>
                """);

            var output = Run(dir, "run -c Release");

            Assert.Equal(
                [
                    "get: hello",
                    "resolve: same handle",
                    "after drop: Dropped (2)",
                    "forged: Unknown (1)",
                    $"counts: TableCounts {{ Strong = 0, Weak = 0, Collected = 0, Free = 1048576, Retired = 0, Live = 0 }}",
                ],
                output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.True(Directory.Exists(Path.Combine(dir, "packages", "tether.core", version)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Package()
    {
        var packages = Directory.Exists(Artifacts) ? Directory.GetFiles(Artifacts, "Tether.Core.*.nupkg") : [];
        Assert.True(packages.Length == 1, $"expected one Tether.Core nupkg in {Artifacts}; run 'dotnet fsi build.fsx pack' first");
        return packages[0];
    }

    private static string Run(string dir, string args)
    {
        var info = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The repository's build settings must not leak into the consumer.
        info.Environment.Remove("MSBuildExtensionsPath");
        info.Environment.Remove("MSBUILD_EXE_PATH");
        info.Environment.Remove("MSBuildSDKsPath");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet {args} failed:\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }

    internal static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "paket.dependencies")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
