using System;
using System.Runtime.CompilerServices;
using System.Threading;
using BenchmarkDotNet.Attributes;

namespace Tether.Benchmarks;

/// <summary>Disposing a scope of N handles, and what a collection notice costs per collected handle.</summary>
[MemoryDiagnoser]
public class LifetimeBenchmarks
{
    public const int N = 1000;
    private readonly Res _resource = new();
    private HandleTable _table = null!;
    private HandleTable _notifying = null!;
    private HandleTable _quiet = null!;

    [GlobalSetup]
    public void Setup()
    {
        _table = HandleTable.Create();
        _notifying = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true, SlotPolicy = SlotPolicy.Reclaim }).ThrowIfFail();
        _quiet = HandleTable.Create();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _table.Dispose();
        _notifying.Dispose();
        _quiet.Dispose();
    }

    /// <summary>Per handle: open a scope, add N handles to it, dispose it.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public void ScopeOfNAddAndDispose()
    {
        using var scope = _table.OpenScope();
        for (int i = 0; i < N; i++)
            scope.Add(_resource).ThrowIfFail();
    }

    /// <summary>Per handle, the baseline for the scope: add N handles and drop each by hand.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public void AddNAndDropEach()
    {
        Span<Handle<Res>> handles = new Handle<Res>[N];
        for (int i = 0; i < N; i++)
            handles[i] = _table.Add(_resource).ThrowIfFail();
        for (int i = 0; i < N; i++)
            _table.Drop(handles[i]);
    }

    /// <summary>Per collected handle: N weak adds, a full GC, and waiting until all N notices arrived.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public int CollectWithNotices()
    {
        AddUnrooted(_notifying);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        int seen = 0;
        while (seen < N)
        {
            if (_notifying.Notices.TryRead(out _))
                seen++;
            else
                Thread.Yield();
        }

        return seen;
    }

    /// <summary>The baseline: the same N weak adds and GC, no notices (the tombstones are dropped by hand).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public int CollectWithoutNotices()
    {
        var handles = AddUnrooted(_quiet);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        foreach (var h in handles)
            _quiet.Drop(h);
        return handles.Length;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Handle<Res>[] AddUnrooted(HandleTable table)
    {
        var handles = new Handle<Res>[N];
        for (int i = 0; i < N; i++)
            handles[i] = table.Add(new Res(), Hold.Weak).ThrowIfFail();
        return handles;
    }
}
