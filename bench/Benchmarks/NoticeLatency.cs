using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Tether.Benchmarks;

/// <summary>
/// How soon a collection notice arrives: the time from the end of a blocking collection (when
/// <see cref="GC.Collect(int, GCCollectionMode, bool)"/> returns) to the <see cref="HandleTable.Collected"/> handler,
/// for one weakly held resource that the collection found dead, in a table that holds many more weakly and alive.
/// Each case runs in a process of its own; the figure is the median of the rounds.
/// </summary>
public static class NoticeLatency
{
    private const int Rounds = 201;
    private const int WarmUp = 20;

    private static readonly (int Live, int Generation)[] Cases = [(1_000, 0), (1_000, 2), (1_000_000, 0), (1_000_000, 2)];

    /// <summary>Runs every case in a child process and writes the medians to <c>notice-latency.md</c> in <paramref name="folder"/>.</summary>
    public static void Report(string folder)
    {
        var text = $"| live weak handles | collection | median µs | p10 µs | p90 µs |{Environment.NewLine}|---:|---|---:|---:|---:|{Environment.NewLine}";
        foreach (var (live, generation) in Cases)
        {
            var info = new ProcessStartInfo(Environment.ProcessPath!, $"\"{typeof(NoticeLatency).Assembly.Location}\" --notice-latency-one {live} {generation}")
            {
                RedirectStandardOutput = true,
            };
            using var child = Process.Start(info)!;
            string line = child.StandardOutput.ReadToEnd().Trim();
            child.WaitForExit();
            text += $"| {live:N0} | gen {generation} | {line.Replace(" ", " | ", StringComparison.Ordinal)} |{Environment.NewLine}";
            Console.WriteLine($"{live} gen{generation}: {line}");
        }

        Console.WriteLine(text);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notice-latency.md"),
            $"Collection to handler, {Rounds} rounds per case, {Environment.Version}, {Environment.ProcessorCount} cores{Environment.NewLine}{Environment.NewLine}{text}");
    }

    /// <summary>In the child: one case; prints "median p10 p90" in microseconds.</summary>
    public static void MeasureOne(int live, int generation)
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).ThrowIfFail();
        var kept = new Res[live];
        for (int i = 0; i < live; i++)
        {
            kept[i] = new Res { Value = i };
            table.Add(kept[i], Hold.Weak).ThrowIfFail();
        }

        long heard = 0;
        using var arrived = new AutoResetEvent(false);
        table.Collected += _ =>
        {
            Volatile.Write(ref heard, Stopwatch.GetTimestamp());
            arrived.Set();
        };
        for (int i = 0; i < 3; i++)
            GC.Collect();
        GC.WaitForPendingFinalizers();
        Thread.Sleep(200);

        var latencies = new List<double>();
        for (int round = 0; round < WarmUp + Rounds; round++)
        {
            var handle = AddUnrooted(table);
            GC.Collect(generation, GCCollectionMode.Forced, blocking: true);
            long end = Stopwatch.GetTimestamp();
            if (!arrived.WaitOne(TimeSpan.FromSeconds(30)))
                throw new TimeoutException($"no notice within 30 s (round {round})");
            double micros = Math.Max(0, Volatile.Read(ref heard) - end) * 1e6 / Stopwatch.Frequency;
            if (round >= WarmUp)
                latencies.Add(micros);
            table.Drop(handle);
        }

        latencies.Sort();
        double At(double q) => latencies[(int)Math.Round(q * (latencies.Count - 1))];
        Console.WriteLine(FormattableString.Invariant($"{At(0.5):0.0} {At(0.1):0.0} {At(0.9):0.0}"));
        GC.KeepAlive(kept);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Handle<Res> AddUnrooted(HandleTable table) => table.Add(new Res(), Hold.Weak).ThrowIfFail();
}
