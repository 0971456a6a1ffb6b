using System;
using System.Reflection;
using System.Threading;

namespace Tether.Tests.Support;

/// <summary>What a hostile caller learns from one raw value: the next raw value of the same slot.</summary>
internal static class Predict
{
    private static readonly FieldInfo SlotsField =
        typeof(HandleTable).GetField("_slots", BindingFlags.NonPublic | BindingFlags.Instance)!;

    internal static SlotTable Slots(HandleTable table) => (SlotTable)SlotsField.GetValue(table)!;

    /// <summary>The raw value the next add into the same slot will get (same tag, key and slot, generation + 1).</summary>
    public static long NextOf(HandleTable table, long raw)
    {
        var slots = Slots(table);
        int generation = HandleLayout.GenerationOf(raw, slots.Key);
        return HandleLayout.Raw(HandleLayout.Stamp(slots.Tag, generation + 1, slots.Key), HandleLayout.IndexOf(raw));
    }
}

/// <summary>Bounded loops: every test stops by itself.</summary>
internal static class Bounded
{
    public static TimeSpan Time(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>Runs the workers on real threads until <paramref name="time"/> passes or one sets a failure.</summary>
    public static string? Run(TimeSpan time, params Func<Func<bool>, string?>[] workers)
    {
        string? failure = null;
        using var stop = new CancellationTokenSource(time);
        var threads = new Thread[workers.Length];
        for (int i = 0; i < workers.Length; i++)
        {
            var work = workers[i];
            threads[i] = new Thread(() =>
            {
                try
                {
                    if (work(() => stop.IsCancellationRequested || Volatile.Read(ref failure) is not null) is { } found)
                        Interlocked.CompareExchange(ref failure, found, null);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, "worker threw " + e, null);
                }
            }) { IsBackground = true };
        }

        foreach (var t in threads)
            t.Start();
        foreach (var t in threads)
        {
            // A hang is for ever; a worker mid-iteration on a loaded machine (a GC, an owned disposal) may
            // need seconds past the stop, which one second of slack did not allow.
            if (!t.Join(time + TimeSpan.FromSeconds(30)))
                return failure ?? "a worker did not stop in time (hang)";
        }

        return failure;
    }
}
