using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Tether.Native.Tests.Support;
using Xunit;

namespace Tether.Native.Tests.Exports;

/// <summary>What the NativeAOT publish of a library that references Tether.Native gives: clean, and every function of tether.h.</summary>
[Collection(NativeCollection.Name)]
public partial class PublishTests(NativeBuild build)
{
    private static readonly string Header = Path.Combine(NativeBuild.Root, "Interop", "Native", "include", "tether.h");

    [Fact]
    public void The_publish_shows_no_trim_or_AOT_warning_at_all()
    {
        // "ILC : Trim analysis warning IL2026: LanguageExt.IL...(): message [project]": the member is what warns.
        // The example links no LanguageExt code at all now (its paths make no error and read no Fin), so not even
        // LanguageExt's own warnings appear; a Tether warning would be named by its member or its assembly.
        var warnings = build.PublishLog.Split('\n').Where(l => IlWarning().IsMatch(l) || AssemblyWarning().IsMatch(l)).ToArray();

        Assert.True(warnings.Length == 0, "trim or AOT warnings:\n" + string.Join("\n", warnings));
        // The parse is right: it finds the member of a warning line as ILC writes it, and the assembly of a summary.
        const string sample = "ILC : Trim analysis warning IL2026: LanguageExt.IL.Ctor<A>(): Using member 'X' which has 'RequiresUnreferencedCodeAttribute' [/p/x.csproj]";
        Assert.Equal("LanguageExt.IL.Ctor<A>", IlWarning().Match(sample).Groups["member"].Value);
        Assert.Matches(AssemblyWarning(), "/x/LanguageExt.Core.dll : warning IL2104: Assembly 'LanguageExt.Core' produced trim warnings.");
    }

    [Fact]
    public void The_library_exports_every_function_of_tether_h_beside_its_own()
    {
        var declared = HeaderFunctions().Matches(File.ReadAllText(Header)).Select(m => m.Groups[1].Value).ToArray();
        var (code, symbols) = NativeBuild.Run("nm", $"-D --defined-only \"{Path.Combine(NativeBuild.Library, "tether_example.so")}\"", NativeBuild.Output, TimeSpan.FromMinutes(1));
        Assert.Equal(0, code);
        var exported = symbols.Split('\n').Select(l => l.Split(' ').Last().Split('@')[0].Trim()).ToHashSet();

        Assert.Equal(
            ["tether_abi_version", "tether_counts", "tether_drop", "tether_lookup", "tether_loosen", "tether_next_notice",
             "tether_set_notice_callback", "tether_shutdown", "tether_state", "tether_tighten"],
            declared.Order(StringComparer.Ordinal));
        Assert.All(declared, name => Assert.Contains(name, exported));
        Assert.Contains("example_counter_new", exported);
    }

    [Fact]
    public void The_package_targets_copy_tether_h_beside_the_published_library()
    {
        Assert.Equal(File.ReadAllBytes(Header), File.ReadAllBytes(Path.Combine(NativeBuild.Library, "tether.h")));
    }

    [Theory]
    [InlineData("gcc", "-std=c11 -Wall -Wextra -Werror -pedantic -x c")]
    [InlineData("gcc", "-std=c99 -Wall -Wextra -Werror -pedantic -x c")]
    [InlineData("g++", "-std=c++17 -Wall -Wextra -Werror -pedantic -x c++")]
    public void The_header_compiles_warning_free(string compiler, string flags)
    {
        var source = Path.Combine(NativeBuild.Output, $"header-{compiler}-{flags.Split(' ')[0][5..]}.c");
        File.WriteAllText(source, "#include \"tether.h\"\n#include \"tether.h\"\nint main(void) { tether_counts_t c; (void)c; return TETHER_OK; }\n");
        var (code, output) = NativeBuild.Run(compiler, $"{flags} -I\"{Path.GetDirectoryName(Header)}\" -fsyntax-only \"{source}\"", NativeBuild.Output, TimeSpan.FromMinutes(1));

        Assert.True(code == 0 && output.Trim().Length == 0, output);
    }

    [Fact]
    public void The_header_codes_are_the_guest_codes_of_every_HandleErrorCode()
    {
        var defined = CodeDefines().Matches(File.ReadAllText(Header))
            .ToDictionary(m => m.Groups[1].Value.Replace("_", ""), m => int.Parse(m.Groups[2].Value), StringComparer.OrdinalIgnoreCase);
        var codes = typeof(HandleErrorCode).GetFields().Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);

        Assert.Equal(codes.Count + 1, defined.Count); // and TETHER_OK
        Assert.Equal(GuestCode.Ok, defined["OK"]);
        Assert.All(codes, c => Assert.Equal(-c.Value, defined[c.Key]));
    }

    [GeneratedRegex(@"warning (?<code>IL\d{4}): (?<member>[^\s(:]+)")]
    private static partial Regex IlWarning();

    [GeneratedRegex(@"warning IL\d{4}: Assembly '[^']+' produced")]
    private static partial Regex AssemblyWarning();

    [GeneratedRegex(@"^int (tether_\w+)\(", RegexOptions.Multiline)]
    private static partial Regex HeaderFunctions();

    [GeneratedRegex(@"^#define TETHER_(?!STATE_|ABI_)(\w+) \(?(-?\d+)\)?", RegexOptions.Multiline)]
    private static partial Regex CodeDefines();
}
