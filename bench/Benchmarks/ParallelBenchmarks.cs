using System;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Tether.Benchmarks;

/// <summary>Lookups and create-plus-drop on one thread against two, over the same total work.</summary>
public class ParallelBenchmarks
{
    public const int Work = 1 << 20;
    private HandleTable _table = null!;
    private Handle<Res>[] _handles = null!;
    private readonly Res _resource = new();

    [GlobalSetup]
    public void Setup()
    {
        _table = HandleTable.Create();
        _handles = new Handle<Res>[1000];
        for (int i = 0; i < _handles.Length; i++)
            _handles[i] = _table.Add(new Res { Value = i }).ThrowIfFail();
    }

    [GlobalCleanup]
    public void Cleanup() => _table.Dispose();

    private int Lookups(int from, int count)
    {
        int sum = 0;
        var handles = _handles;
        for (int i = from; i < from + count; i++)
        {
            var found = _table.TryGet(handles[(int)((uint)(i * 7919) % (uint)handles.Length)]);
            if (found.IsSome)
                sum += ((Res)found).Value;
        }

        return sum;
    }

    private void AddDrops(int count)
    {
        for (int i = 0; i < count; i++)
            _table.Drop(_table.Add(_resource).ThrowIfFail());
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Work)]
    public int LookupsOneThread() => Lookups(0, Work);

    [Benchmark(OperationsPerInvoke = Work)]
    public int LookupsTwoThreads()
    {
        var other = Task.Factory.StartNew(() => Lookups(Work / 2, Work / 2), TaskCreationOptions.LongRunning);
        int mine = Lookups(0, Work / 2);
        return mine + other.Result;
    }

    [Benchmark(OperationsPerInvoke = Work / 16)]
    public void AddDropOneThread() => AddDrops(Work / 16);

    [Benchmark(OperationsPerInvoke = Work / 16)]
    public void AddDropTwoThreads()
    {
        var other = Task.Factory.StartNew(() => AddDrops(Work / 32), TaskCreationOptions.LongRunning);
        AddDrops(Work / 32);
        other.Wait();
    }
}
