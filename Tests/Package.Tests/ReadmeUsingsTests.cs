using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Tether.PackageTests;

/// <summary>
/// Issue 14 ("snippets that compile ... need <c>using LanguageExt;</c>, which the docs never show").
/// <see cref="ReadmeSnippetTests"/> checks that a README block's usings are among its home file's, so a block
/// may leave out a using its home file has: Tether.Core's README block uses <c>StringBuilder</c> and shows only
/// <c>using Tether;</c> (a new console app, whose implicit usings lack System.Text, says CS0246), and
/// Tether.Interop's block calls <c>Fin&lt;ChartSize&gt;.Fail</c> and <c>Hold.Weak</c> and shows no using at all.
/// A block shows the using of every namespace whose types its code (not its comments) names.
/// </summary>
public class ReadmeUsingsTests
{
    // The names a reader cannot compile without a using the default templates do not imply.
    private static readonly (string Pattern, string Using)[] Needs =
    [
        (@"\bStringBuilder\b", "using System.Text;"),
        (@"\b(Fin|Option)<", "using LanguageExt;"),
        (@"\bError\b", "using LanguageExt.Common;"),
        (@"\b(HandleTable|HandleScope|GuestCode)\b|\bHold\.(Weak|Strong)\b", "using Tether;"),
    ];

    public static TheoryData<string, int> Blocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var readme in new[] { "README.md", Path.Combine("Core.CSharp", "README.md"), Path.Combine("Interop", "Blazor", "README.md"), Path.Combine("Interop", "Wasmtime", "README.md"), Path.Combine("Interop", "Native", "README.md") })
        {
            int count = CSharpBlocks(readme).Count;
            for (int i = 0; i < count; i++)
                data.Add(readme, i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void A_README_CSharp_block_shows_the_using_of_every_namespace_its_code_names(string readme, int index)
    {
        var block = CSharpBlocks(readme)[index];
        var usings = block.Where(l => l.StartsWith("using ", StringComparison.Ordinal) && !l.StartsWith("using var", StringComparison.Ordinal)).ToHashSet();
        var code = string.Join("\n", block.Except(usings).Select(l => Regex.Replace(l, "//.*$", "")));
        var missing = Needs.Where(n => Regex.IsMatch(code, n.Pattern) && !usings.Contains(n.Using)).Select(n => n.Using).Distinct().ToArray();
        Assert.True(missing.Length == 0, $"{readme} block {index} needs {string.Join(" ", missing)}:\n{string.Join("\n", block)}");
    }

    private static List<string[]> CSharpBlocks(string readme)
    {
        var path = Path.Combine(Packages.Root, readme);
        if (!File.Exists(path))
            return [];
        return Regex.Matches(File.ReadAllText(path), @"```csharp\r?\n(.*?)```", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray())
            .ToList();
    }
}
