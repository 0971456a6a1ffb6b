using BenchmarkDotNet.Attributes;
using System;
using Microsoft.FSharp.Core;
using Tether.Benchmarks.FSharp;

namespace Tether.Benchmarks;

/// <summary>The cost of the F# handle { } builder against the same lookups matched by hand.</summary>
[MemoryDiagnoser]
public class FSharpBuilderBenchmarks
{
    private HandleTable _table = null!;
    private Handle<Bodies.Cell> _a;
    private Handle<Bodies.Cell> _b;

    [GlobalSetup]
    public void Setup()
    {
        var (table, a, b) = Bodies.setup().ToValueTuple();
        (_table, _a, _b) = (table, a, b);
    }

    [GlobalCleanup]
    public void Cleanup() => _table.Dispose();

    [Benchmark(Baseline = true)]
    public FSharpResult<int, Tether.FSharp.HandleError> ByHand() => Bodies.byHand(_table, _a, _b);

    [Benchmark]
    public FSharpResult<int, Tether.FSharp.HandleError> Builder() => Bodies.withBuilder(_table, _a, _b);

    [Benchmark]
    public FSharpResult<int, Tether.FSharp.HandleError> BuilderWithAndBang() => Bodies.withAndBang(_table, _a, _b);
}
