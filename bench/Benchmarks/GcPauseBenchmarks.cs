using System;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Tether.Benchmarks;

/// <summary>
/// What a million weakly held resources cost the GC: one full, blocking gen-2 collection of a heap holding
/// 1,000,000 resources and a weak handle to each, as weak <see cref="GCHandle"/>s (the baseline), as Tether weak
/// handles with collection notices, and without. Each benchmark sets up only its own heap (BenchmarkDotNet runs
/// each in a process of its own), so the collections differ only in what holds the resources weakly.
/// </summary>
public class GcPauseBenchmarks
{
    public const int Count = 1_000_000;
    private Res[] _resources = null!;
    private GCHandle[] _handles = null!;
    private HandleTable _table = null!;

    private void MakeResources()
    {
        _resources = new Res[Count];
        for (int i = 0; i < Count; i++)
            _resources[i] = new Res { Value = i };
    }

    [GlobalSetup(Target = nameof(WeakGCHandles))]
    public void SetupGCHandles()
    {
        MakeResources();
        _handles = new GCHandle[Count];
        for (int i = 0; i < Count; i++)
            _handles[i] = GCHandle.Alloc(_resources[i], GCHandleType.Weak);
        Settle();
    }

    [GlobalSetup(Target = nameof(TetherWeakWithNotices))]
    public void SetupNotices() => SetupTable(notices: true);

    [GlobalSetup(Target = nameof(TetherWeakWithoutNotices))]
    public void SetupQuiet() => SetupTable(notices: false);

    private void SetupTable(bool notices)
    {
        MakeResources();
        _table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = notices }).ThrowIfFail();
        for (int i = 0; i < Count; i++)
            _table.Add(_resources[i], Hold.Weak).ThrowIfFail();
        Settle();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_handles is not null)
        {
            foreach (var handle in _handles)
                handle.Free();
        }

        _table?.Dispose();
        GC.KeepAlive(_resources);
    }

    private static void Settle()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [Benchmark(Baseline = true)]
    public void WeakGCHandles() => GC.Collect(2, GCCollectionMode.Forced, blocking: true);

    [Benchmark]
    public void TetherWeakWithNotices() => GC.Collect(2, GCCollectionMode.Forced, blocking: true);

    [Benchmark]
    public void TetherWeakWithoutNotices() => GC.Collect(2, GCCollectionMode.Forced, blocking: true);
}
