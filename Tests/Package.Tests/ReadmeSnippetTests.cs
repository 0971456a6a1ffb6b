using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Tether.PackageTests;

/// <summary>
/// Every C# block of every README is code the build compiles: it appears, line for line, in the docs
/// examples project (docs-tools/examples), and its using directives are that file's.
/// </summary>
public class ReadmeSnippetTests
{
    private static readonly string Root = Packages.Root;

    public static TheoryData<string, int> CSharpBlocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var readme in Readmes())
        {
            int count = Blocks(File.ReadAllText(Path.Combine(Root, readme))).Count;
            for (int i = 0; i < count; i++)
                data.Add(readme, i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CSharpBlocks))]
    public void A_README_CSharp_block_is_compiled_code_of_the_examples_project(string readme, int index)
    {
        var block = Blocks(File.ReadAllText(Path.Combine(Root, readme)))[index];
        Assert.True(HomesOf(block).Length > 0, $"{readme} block {index} is not in docs-tools/examples:\n{string.Join("\n", block)}");
    }

    /// <summary>
    /// The files of the examples project that hold a C# block: its code line for line (trimmed, blank lines
    /// aside) and each of its usings. Shared with <see cref="DocsSnippetTests"/>.
    /// </summary>
    internal static string[] HomesOf(string[] block)
    {
        var usings = block.Where(l => l.StartsWith("using ", StringComparison.Ordinal) && !l.StartsWith("using var", StringComparison.Ordinal)).ToArray();
        // Not Except: that is a set operation, and would fold the repeated lines of a block (braces) into one.
        var body = block.Where(l => !usings.Contains(l) && l.Length > 0).ToArray();
        return Directory.GetFiles(Path.Combine(Root, "docs-tools", "examples"), "*.cs")
            .Select(file => (file, lines: File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray()))
            .Where(f => Contains(f.lines, body) && usings.All(u => f.lines.Contains(u)))
            .Select(f => f.file)
            .ToArray();
    }

    [Fact]
    public void The_READMEs_of_the_packages_are_checked()
    {
        var readmes = Readmes().ToArray();
        Assert.Contains(Path.Combine("Interop", "Blazor", "README.md"), readmes);
        Assert.Contains(Path.Combine("Core.CSharp", "README.md"), readmes);
        Assert.Contains("README.md", readmes);
    }

    private static IEnumerable<string> Readmes() =>
        Directory.EnumerateFiles(Root, "README.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules" or "artifacts" or "output" or "paket-files" or ".git"))
            .Order(StringComparer.Ordinal);

    /// <summary>The ```csharp blocks of a markdown text, each as its trimmed lines.</summary>
    internal static List<string[]> Blocks(string markdown) =>
        Regex.Matches(markdown, @"```csharp\r?\n(.*?)```", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value.Split('\n').Select(l => l.Trim()).ToArray())
            .ToList();

    private static bool Contains(string[] haystack, string[] needle)
    {
        for (int start = 0; start + needle.Length <= haystack.Length; start++)
        {
            int i = 0;
            while (i < needle.Length && haystack[start + i] == needle[i])
                i++;
            if (i == needle.Length)
                return true;
        }

        return false;
    }
}
