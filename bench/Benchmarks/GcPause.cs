using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Tether.Benchmarks;

/// <summary>
/// The pause of a full blocking gen-2 collection, read from the runtime (<see cref="GC.GetTotalPauseDuration"/>),
/// of a heap holding 1,000,000 resources and a weak handle to each: weak <see cref="GCHandle"/>s (the baseline),
/// Tether weak handles with collection notices, and without. Each kind in a process of its own, the kinds
/// interleaved over three rounds, so a noisy moment of a shared machine does not fall on one kind alone.
/// </summary>
public static class GcPause
{
    private const int Count = 1_000_000;
    private const int Collections = 30;
    private static readonly string[] Kinds = ["GCHandle", "Notices", "Quiet"];

    public static void Report(string folder)
    {
        var pauses = Kinds.ToDictionary(k => k, _ => new System.Collections.Generic.List<double>());
        for (int round = 0; round < 3; round++)
        {
            foreach (var kind in Kinds)
            {
                var info = new ProcessStartInfo(Environment.ProcessPath!, $"\"{typeof(GcPause).Assembly.Location}\" --gc-pause-one {kind}")
                {
                    RedirectStandardOutput = true,
                };
                using var child = Process.Start(info)!;
                string line = child.StandardOutput.ReadToEnd().Trim();
                child.WaitForExit();
                pauses[kind].Add(double.Parse(line, System.Globalization.CultureInfo.InvariantCulture));
                Console.WriteLine($"round {round} {kind}: {line} ms");
            }
        }

        double baseline = Median(pauses["GCHandle"]);
        string Row(string label, string kind) =>
            $"| {label} | {Median(pauses[kind]):0.00} | {Median(pauses[kind]) / baseline:0.00} | {string.Join(", ", pauses[kind].Select(p => p.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} |{Environment.NewLine}";
        string text =
            $"| 1,000,000 resources held weakly by | median pause ms | ratio | per round |{Environment.NewLine}|---|---:|---:|---|{Environment.NewLine}" +
            Row("weak `GCHandle`s (baseline)", "GCHandle") +
            Row("Tether, weak, with notices", "Notices") +
            Row("Tether, weak, without notices", "Quiet");
        Console.WriteLine(text);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "gc-pause.md"),
            $"Full blocking gen-2 pause (GC.GetTotalPauseDuration over {Collections} collections, median of 3 processes), {Environment.Version}, {Environment.ProcessorCount} cores{Environment.NewLine}{Environment.NewLine}{text}");
    }

    private static double Median(System.Collections.Generic.List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>In the child: one kind; prints the mean pause in milliseconds.</summary>
    public static void MeasureOne(string kind)
    {
        var resources = new Res[Count];
        for (int i = 0; i < Count; i++)
            resources[i] = new Res { Value = i };
        GCHandle[]? handles = null;
        HandleTable? table = null;
        if (kind == "GCHandle")
        {
            handles = new GCHandle[Count];
            for (int i = 0; i < Count; i++)
                handles[i] = GCHandle.Alloc(resources[i], GCHandleType.Weak);
        }
        else
        {
            table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = kind == "Notices" }).ThrowIfFail();
            for (int i = 0; i < Count; i++)
                table.Add(resources[i], Hold.Weak).ThrowIfFail();
        }

        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        System.Threading.Thread.Sleep(500);
        var before = GC.GetTotalPauseDuration();
        for (int i = 0; i < Collections; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
            // What runs after a collection (finalizers, a notice scan) runs before the next one, not during it.
            GC.WaitForPendingFinalizers();
            System.Threading.Thread.Sleep(20);
        }

        double ms = (GC.GetTotalPauseDuration() - before).TotalMilliseconds / Collections;
        Console.WriteLine(ms.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
        GC.KeepAlive(resources);
        GC.KeepAlive(handles);
        GC.KeepAlive(table);
    }
}
