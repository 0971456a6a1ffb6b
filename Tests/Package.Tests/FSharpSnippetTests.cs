using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Tether.PackageTests;

/// <summary>
/// The F# a reader copies, run in <c>dotnet fsi</c> against the packed Tether.FSharp (<c>#r "nuget: …"</c> from
/// artifacts/), as the reader runs it: every <c>```fsharp</c> block of the package README, and the F# guide's code.
/// Api.FSharp.Tests runs the same code against the build output; this proves the package alone is enough.
/// </summary>
[Collection(ConsumerCollection.Name)]
public partial class FSharpSnippetTests(ConsumerRun run, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    private static string Reference => $"#r \"nuget: Tether.FSharp, {Packages.Version("Tether.FSharp")}\"\n";

    [Fact]
    public void Every_FSharp_block_of_the_package_README_runs_from_the_package_and_prints_what_its_comments_say()
    {
        var readme = File.ReadAllText(Path.Combine(Packages.Root, "Api.FSharp", "README.md")).Replace("\r\n", "\n");
        var blocks = FSharpBlock().Matches(readme).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(3, blocks.Length);

        var ran = 0;
        foreach (var (block, index) in blocks.Select((b, i) => (b, i + 1)))
        {
            // What a block prints is written beside each printfn, as `// what it prints`.
            var expected = block.Split('\n')
                .Where(line => line.Contains("printfn", StringComparison.Ordinal) && line.Contains("//", StringComparison.Ordinal))
                .Select(line => line[(line.LastIndexOf("//", StringComparison.Ordinal) + 2)..].Trim())
                .ToArray();
            Assert.NotEmpty(expected);
            var printed = RunScript($"readme-{index}", Reference + block);
            Assert.Equal(expected, printed);
            ran++;
        }

        output.WriteLine($"Api.FSharp/README.md: {blocks.Length} F# blocks found, {ran} compiled and ran from the package");
        run.AssertInstalledFromArtifacts("Tether.FSharp");
        run.AssertInstalledFromArtifacts("Tether.Core");
    }

    [Fact]
    public void The_FSharp_guide_runs_from_the_package_and_shows_what_it_shows_against_the_build()
    {
        var page = File.ReadAllText(Path.Combine(Packages.Root, "docs", "fsharp.fsx")).Replace("\r\n", "\n");
        var localReferences = LocalReference().Matches(page);
        Assert.Equal(3, localReferences.Count);
        // What the page shows with include-value, printed one per line (raw handles differ per table: RAW).
        var shown = string.Concat(IncludeValue().Matches(page).Select(m => $"printfn \"%s = %A\" \"{m.Groups[1].Value}\" {m.Groups[1].Value}\n"));
        Assert.NotEmpty(shown);

        var fromPackage = RunScript("guide-package", Reference + LocalReference().Replace(page, "") + "\n" + shown);
        var build = Path.Combine(Packages.Root, "Api.FSharp", "bin", "Release", "net10.0");
        var againstBuild = LocalReference().Replace(page, m => $"#r @\"{Path.Combine(build, Path.GetFileName(m.Groups[1].Value))}\"");
        var fromBuild = RunScript("guide-build", againstBuild + "\n" + shown);

        Assert.Equal(IncludeValue().Matches(page).Count, fromPackage.Length);
        Assert.Equal(fromBuild, fromPackage);
        output.WriteLine($"docs/fsharp.fsx: ran from the package, {fromPackage.Length} values shown as against the build");
        run.AssertInstalledFromArtifacts("Tether.FSharp");
    }

    private string[] RunScript(string name, string code)
    {
        var dir = Path.Combine(run.Directory, "fsharp-snippets");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name + ".fsx"), code);
        var printed = ConsumerRun.Lines(run.Dotnet(dir, $"fsi --quiet --nologo --exec {name}.fsx", Limit));
        return printed.Select(line => RawHandle().Replace(line, "RAW")).ToArray();
    }

    [GeneratedRegex(@"^```fsharp\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FSharpBlock();

    [GeneratedRegex("^#r \"\\.\\./[^\"]*?/bin/Release/net10\\.0/([^\"]+)\"$", RegexOptions.Multiline)]
    private static partial Regex LocalReference();

    [GeneratedRegex(@"\(\*\*\* include-value: (\w+) \*\*\*\)")]
    private static partial Regex IncludeValue();

    [GeneratedRegex(@"\b\d{14,16}L\b")]
    private static partial Regex RawHandle();
}
