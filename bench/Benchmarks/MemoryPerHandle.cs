using System;
using System.Diagnostics;
using System.IO;

namespace Tether.Benchmarks;

/// <summary>
/// Measures, not computes, the memory one live handle costs: a million handles in a fresh table, managed
/// heap growth from the GC, native growth (GC handles live outside the managed heap) from the working set, and
/// the runtime's own count of GC handles.
/// </summary>
public static class MemoryPerHandle
{
    private const int Count = 1_000_000;

    /// <summary>The holds measured: a strong handle, a weak one, and a weak one in a table with collection notices.</summary>
    private static readonly (string Label, string Argument)[] Kinds =
        [("strong", "Strong"), ("weak", "Weak"), ("weak + notices", "WeakNotices")];

    /// <summary>Measures each hold in a fresh process, so one measurement cannot reuse the other's pages.</summary>
    public static void Report(string folder)
    {
        string text =
            $"| hold | managed B/handle | native B/handle | total B/handle | GC handles/handle |{Environment.NewLine}" +
            $"|---|---:|---:|---:|---:|{Environment.NewLine}";
        foreach (var (label, argument) in Kinds)
        {
            var (managed, native, handles) = InChild(argument);
            text += $"| {label} | {managed:0.0} | {native:0.0} | {managed + native:0.0} | {handles:0.00} |{Environment.NewLine}";
        }

        Console.WriteLine(text);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "memory-per-handle.md"),
            $"Memory per live handle, {Count:N0} handles, {Environment.Version}, {Environment.ProcessorCount} cores{Environment.NewLine}{Environment.NewLine}{text}");
    }

    private static (double Managed, double Native, double Handles) InChild(string kind)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!, $"\"{typeof(MemoryPerHandle).Assembly.Location}\" --memory-one {kind}")
        {
            RedirectStandardOutput = true,
        };
        using var child = Process.Start(info)!;
        var line = child.StandardOutput.ReadToEnd().Trim().Split(' ');
        child.WaitForExit();
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return (double.Parse(line[0], culture), double.Parse(line[1], culture), double.Parse(line[2], culture));
    }

    /// <summary>In the child: measure one kind and print "managed native handles".</summary>
    public static void MeasureOne(string kind)
    {
        var resources = new object[Count];
        for (int i = 0; i < Count; i++)
            resources[i] = new object();
        var (managed, native, handles) = Measure(resources, kind);
        Console.WriteLine(FormattableString.Invariant($"{managed:0.00} {native:0.00} {handles:0.000}"));
        GC.KeepAlive(resources);
    }

    private static (double Managed, double Native, double Handles) Measure(object[] resources, string kind)
    {
        var hold = kind == "Strong" ? Hold.Strong : Hold.Weak;
        using var gcHandles = new RuntimeGcHandleCount();
        // A first table, disposed: the process's one-time handles and objects (the meter, the registries) come first.
        HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = kind == "WeakNotices" }).ThrowIfFail().Dispose();
        Settle();
        long handlesBefore = gcHandles.Count();
        long managedBefore = GC.GetTotalMemory(true);
        long privateBefore = Process.GetCurrentProcess().WorkingSet64;
        var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = kind == "WeakNotices" }).ThrowIfFail();
        for (int i = 0; i < Count; i++)
            table.Add(resources[i], hold).ThrowIfFail();
        Settle();
        long managedAfter = GC.GetTotalMemory(true);
        long privateAfter = Process.GetCurrentProcess().WorkingSet64;
        long handlesAfter = gcHandles.Count();
        double managed = (managedAfter - managedBefore) / (double)Count;
        double native = Math.Max(0, (privateAfter - privateBefore) - (managedAfter - managedBefore)) / (double)Count;
        double handles = (handlesAfter - handlesBefore) / (double)Count;
        GC.KeepAlive(table);
        table.Dispose();
        return (managed, native, handles);
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
