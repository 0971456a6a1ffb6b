using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Tether.Native.Tests.Support;
using Xunit;

namespace Tether.Native.Tests.Docs;

/// <summary>
/// The C blocks of the docs and of the package README are compiled with gcc against the published library and
/// run: each is a whole program (a main that returns 0 when what it shows holds).
/// </summary>
[Collection(NativeCollection.Name)]
public class NativeDocsTests(NativeBuild build)
{
    public static TheoryData<string, int> CBlocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in Pages)
        {
            for (int i = 0; i < Blocks(page).Length; i++)
                data.Add(page, i);
        }

        return data;
    }

    private static readonly string[] Pages = [Path.Combine("docs", "native.md"), Path.Combine("Interop", "Native", "README.md")];

    [Fact]
    public void The_native_guide_has_C_blocks_to_check()
    {
        Assert.True(Blocks(Pages[0]).Length >= 2);
    }

    [Theory]
    [MemberData(nameof(CBlocks))]
    public void A_C_block_of_the_docs_compiles_warning_free_and_runs(string page, int index)
    {
        var source = Path.Combine(NativeBuild.Output, $"doc-{Path.GetFileNameWithoutExtension(page)}-{Path.GetFileName(Path.GetDirectoryName(page))}-{index}.c");
        File.WriteAllText(source, Blocks(page)[index]);
        var exe = build.Compile(Path.GetFileNameWithoutExtension(source), [source], sanitize: false);
        var (code, output) = NativeBuild.Run(exe, "", NativeBuild.Output, TimeSpan.FromMinutes(1));

        Assert.True(code == 0, $"{page} block {index} exited {code}:\n{output}");
    }

    private static string[] Blocks(string page) =>
        Regex.Matches(File.ReadAllText(Path.Combine(NativeBuild.Root, page)), @"```c\r?\n(.*?)```", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value)
            .ToArray();
}
