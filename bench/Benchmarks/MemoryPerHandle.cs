using System;
using System.Diagnostics;
using System.IO;

namespace Tether.Benchmarks;

/// <summary>
/// Measures, not computes, the memory one live handle costs: a million handles in a fresh table, managed
/// heap growth from the GC, and native growth (GC handles live outside the managed heap) from the working set.
/// </summary>
public static class MemoryPerHandle
{
    private const int Count = 1_000_000;

    /// <summary>Measures each hold in a fresh process, so one measurement cannot reuse the other's pages.</summary>
    public static void Report(string folder)
    {
        var strong = InChild(Hold.Strong);
        var weak = InChild(Hold.Weak);
        string text =
            $"| hold | managed B/handle | native B/handle | total B/handle |{Environment.NewLine}" +
            $"|---|---:|---:|---:|{Environment.NewLine}" +
            $"| strong | {strong.Managed:0.0} | {strong.Native:0.0} | {strong.Managed + strong.Native:0.0} |{Environment.NewLine}" +
            $"| weak | {weak.Managed:0.0} | {weak.Native:0.0} | {weak.Managed + weak.Native:0.0} |{Environment.NewLine}";
        Console.WriteLine(text);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "memory-per-handle.md"),
            $"Memory per live handle, {Count:N0} handles, {Environment.Version}, {Environment.ProcessorCount} cores{Environment.NewLine}{Environment.NewLine}{text}");
    }

    private static (double Managed, double Native) InChild(Hold hold)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!, $"\"{typeof(MemoryPerHandle).Assembly.Location}\" --memory-one {hold}")
        {
            RedirectStandardOutput = true,
        };
        using var child = Process.Start(info)!;
        var line = child.StandardOutput.ReadToEnd().Trim().Split(' ');
        child.WaitForExit();
        return (double.Parse(line[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(line[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>In the child: measure one hold and print "managed native".</summary>
    public static void MeasureOne(Hold hold)
    {
        var resources = new object[Count];
        for (int i = 0; i < Count; i++)
            resources[i] = new object();
        var (managed, native) = Measure(resources, hold);
        Console.WriteLine(FormattableString.Invariant($"{managed:0.00} {native:0.00}"));
        GC.KeepAlive(resources);
    }

    private static (double Managed, double Native) Measure(object[] resources, Hold hold)
    {
        Settle();
        long managedBefore = GC.GetTotalMemory(true);
        long privateBefore = Process.GetCurrentProcess().WorkingSet64;
        var table = HandleTable.Create();
        for (int i = 0; i < Count; i++)
            table.Add(resources[i], hold).ThrowIfFail();
        Settle();
        long managedAfter = GC.GetTotalMemory(true);
        long privateAfter = Process.GetCurrentProcess().WorkingSet64;
        double managed = (managedAfter - managedBefore) / (double)Count;
        double native = Math.Max(0, (privateAfter - privateBefore) - (managedAfter - managedBefore)) / (double)Count;
        GC.KeepAlive(table);
        table.Dispose();
        return (managed, native);
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
