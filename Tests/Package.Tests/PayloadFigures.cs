using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Tether.PackageTests;

/// <summary>
/// The WebAssembly payload figures the docs quote (docs-tools/wasm-payload.json, rendered by docs-tools/Sizes.fsx)
/// are this test's measurement: it fails when the download drifts from them by more than 5% (or 8 KB), and
/// rewrites them when TETHER_UPDATE_SIZES=1.
/// </summary>
internal static class PayloadFigures
{
    private static string FigureFile => Path.Combine(Packages.Root, "docs-tools", "wasm-payload.json");

    public static void Check(long bareBytes, long growthBytes, (string File, long Bytes)[] top)
    {
        if (Environment.GetEnvironmentVariable("TETHER_UPDATE_SIZES") == "1")
        {
            var figures = new JsonObject
            {
                ["bareBytes"] = bareBytes,
                ["growthBytes"] = growthBytes,
                ["files"] = new JsonArray(top.Select(f => (JsonNode)new JsonObject { ["file"] = f.File, ["bytes"] = f.Bytes }).ToArray()),
            };
            File.WriteAllText(FigureFile, figures.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            return;
        }

        using var quoted = JsonDocument.Parse(File.ReadAllText(FigureFile));
        long quotedGrowth = quoted.RootElement.GetProperty("growthBytes").GetInt64();
        long tolerance = Math.Max(8 * 1024, quotedGrowth / 20);
        Assert.True(Math.Abs(growthBytes - quotedGrowth) <= tolerance,
            $"the docs quote a download growth of {quotedGrowth / 1024.0:F1} KB, this run measured {growthBytes / 1024.0:F1} KB: "
            + "run the package tests with TETHER_UPDATE_SIZES=1 to record the new figures");
    }
}
