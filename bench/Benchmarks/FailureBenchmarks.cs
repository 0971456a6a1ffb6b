using System;
using BenchmarkDotNet.Attributes;

namespace Tether.Benchmarks;

/// <summary>
/// What a refused handle costs, per path, against a successful lookup (the baseline): the Fin members build
/// an error (one small object, its message only when read); the code-returning paths the bridges use, and
/// TryGet and State, allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class FailureBenchmarks
{
    public const int Batch = 1024;

    private HandleTable _table = null!;
    private Handle<Res>[] _live = null!;
    private Handle<Res>[] _stale = null!;
    private long[] _forged = null!;

    [GlobalSetup]
    public void Setup()
    {
        _table = HandleTable.Create();
        _live = new Handle<Res>[Batch];
        _stale = new Handle<Res>[Batch];
        _forged = new long[Batch];
        var random = new Random(42);
        for (int i = 0; i < Batch; i++)
        {
            _stale[i] = _table.Add(new Res { Value = i }).ThrowIfFail();
            _table.Drop(_stale[i]);
        }

        // The same slots again: the stale handles are the previous generation of live ones.
        for (int i = 0; i < Batch; i++)
            _live[i] = _table.Add(new Res { Value = i }).ThrowIfFail();
        for (int i = 0; i < Batch; i++)
            _forged[i] = _live[i].Raw ^ ((long)random.Next(1, 1 << 20) << 24); // a generation never issued
    }

    [GlobalCleanup]
    public void Cleanup() => _table.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int LiveTryGet()
    {
        int found = 0;
        foreach (var handle in _live)
        {
            if (_table.TryGet(handle, out var resource))
                found += resource.Value;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int StaleGet()
    {
        int failed = 0;
        foreach (var handle in _stale)
        {
            if (_table.Get(handle).IsFail)
                failed++;
        }

        return failed;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int StaleTryGet()
    {
        int failed = 0;
        foreach (var handle in _stale)
        {
            if (!_table.TryGet(handle, out _))
                failed++;
        }

        return failed;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int StaleTryGetOption()
    {
        int failed = 0;
        foreach (var handle in _stale)
        {
            if (_table.TryGet(handle).IsNone)
                failed++;
        }

        return failed;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int StaleState()
    {
        int dropped = 0;
        foreach (var handle in _stale)
        {
            if (_table.State(handle) == HandleState.Dropped)
                dropped++;
        }

        return dropped;
    }

    /// <summary>The bridge's lookup of a stale handle.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int StaleCheckCode()
    {
        int sum = 0;
        foreach (var handle in _stale)
            sum += _table.CheckCode(handle.Raw);
        return sum;
    }

    /// <summary>The bridge's drop of a stale handle.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int StaleDropCode()
    {
        int sum = 0;
        foreach (var handle in _stale)
            sum += _table.DropCode(handle.Raw);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int StaleGetCode()
    {
        int sum = 0;
        foreach (var handle in _stale)
            sum += _table.GetCode<Res>(handle.Raw, out _);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int ForgedResolve()
    {
        int failed = 0;
        foreach (var raw in _forged)
        {
            if (_table.Resolve<Res>(raw).IsFail)
                failed++;
        }

        return failed;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public long ForgedResolveCode()
    {
        long sum = 0;
        foreach (var raw in _forged)
            sum += _table.ResolveCode<Res>(raw);
        return sum;
    }
}
