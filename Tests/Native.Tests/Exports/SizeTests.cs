using System;
using System.IO;
using Tether.Native.Tests.Support;
using Xunit;

namespace Tether.Native.Tests.Exports;

/// <summary>
/// What Tether.Native adds to a NativeAOT library: the example against the same library without Tether
/// (bench/Native/Baseline: its objects and GCHandle exports), both published with the same settings.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class SizeTests(NativeBuild build)
{
    private const long Budget = 1024 * 1024;

    [Fact]
    public void Tether_adds_under_one_megabyte_to_a_NativeAOT_library()
    {
        var baseline = Path.Combine(NativeBuild.Output, "baseline");
        var publish = NativeBuild.Run("dotnet",
            $"publish \"{Path.Combine(NativeBuild.Root, "bench", "Native", "Baseline", "Tether.Native.Baseline.csproj")}\" -r linux-x64 -c Release --nologo -o \"{baseline}\"",
            NativeBuild.Root, TimeSpan.FromMinutes(10));
        Assert.True(publish.ExitCode == 0, $"the baseline publish failed:\n{publish.Output}");

        long with = new FileInfo(Path.Combine(NativeBuild.Library, "tether_example.so")).Length;
        long without = new FileInfo(Path.Combine(baseline, "tether_baseline.so")).Length;

        // The baseline is a real NativeAOT library (the runtime alone is most of a megabyte), so a failed or empty
        // publish cannot pass as a small increase.
        Assert.InRange(without, 512 * 1024, 4 * Budget);
        Assert.True(with - without < Budget, $"Tether adds {(with - without) / 1024.0 / 1024.0:F2} MB ({with} - {without} bytes); the budget is 1 MB");
        _ = build;
    }

    [Fact]
    public void The_library_carries_no_expression_trees()
    {
        // LanguageExt's Fin equality compiles expression trees; reading a Fin anywhere on the exports' paths pulls
        // System.Linq.Expressions (and reflection) into the library. The symbols of the .dbg file say whether it did.
        var symbols = File.ReadAllBytes(Path.Combine(NativeBuild.Library, "tether_example.so.dbg"));
        var marker = "System_Linq_Expressions_System_Linq_Expressions_Expression"u8;
        Assert.True(symbols.AsSpan().IndexOf(marker) < 0, "tether_example.so links System.Linq.Expressions");
        Assert.True(symbols.AsSpan().IndexOf("Tether_Native_Tether_Native_NativeHandles"u8) >= 0, "the symbol file names Tether.Native's code");
    }
}
