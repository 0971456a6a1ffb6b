using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Tether.PackageTests;

/// <summary>
/// Issue 14 ("Every code block in README.md, the package READMEs and docs/ (C# and F#) is compiled
/// and run by the test command"). <see cref="ReadmeSnippetTests"/> checks the READMEs' C# blocks and the docs
/// build runs the .fsx pages, but the C# block of docs/wasm.md (the Wasmtime quick start: Define, For(c).Match,
/// Mint, Attach) is in no project: nothing compiles it, so it can drift from the API unseen. It is held here to
/// the READMEs' rule: it appears, line for line, in the docs examples project.
/// </summary>
public class DocsSnippetTests
{
    public static TheoryData<string, int> CSharpBlocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in Directory.GetFiles(Path.Combine(Packages.Root, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(Packages.Root, page);
            for (int i = 0; i < Blocks(page).Count; i++)
                data.Add(name, i);
        }

        return data;
    }

    [Fact]
    public void The_markdown_pages_of_the_docs_have_CSharp_blocks_to_check()
    {
        Assert.Contains(Path.Combine("docs", "wasm.md"), CSharpBlocks().Select(row => (string)row[0]));
    }

    [Theory]
    [MemberData(nameof(CSharpBlocks))]
    public void A_docs_page_CSharp_block_is_compiled_code_of_the_examples_project(string page, int index)
    {
        var block = Blocks(Path.Combine(Packages.Root, page))[index];
        Assert.True(ReadmeSnippetTests.HomesOf(block).Length > 0, $"{page} block {index} is not in docs-tools/examples:\n{string.Join("\n", block)}");
    }

    private static List<string[]> Blocks(string path) =>
        ReadmeSnippetTests.Blocks(File.ReadAllText(path)).Select(block => block.Where(l => l.Length > 0).ToArray()).ToList();
}
