using BenchmarkDotNet.Attributes;

namespace Tether.Benchmarks;

/// <summary>Changing a hold, and turning a raw value back into a handle.</summary>
[MemoryDiagnoser]
public class HoldBenchmarks
{
    private readonly Res _resource = new();
    private HandleTable _table = null!;
    private Handle<Res> _handle;

    [GlobalSetup]
    public void Setup()
    {
        _table = HandleTable.Create();
        _handle = _table.Add(_resource).ThrowIfFail();
    }

    [GlobalCleanup]
    public void Cleanup() => _table.Dispose();

    [Benchmark(Baseline = true)]
    public bool Get() => _table.Get(_handle).IsSucc;

    [Benchmark]
    public bool LoosenTighten() => _table.Loosen(_handle).IsSucc & _table.Tighten(_handle).IsSucc;

    [Benchmark]
    public bool ResolveRaw() => _table.Resolve<Res>(_handle.Raw).IsSucc;

    [Benchmark]
    public bool ResolveForged() => _table.Resolve<Res>(123_456_789).IsSucc;
}
