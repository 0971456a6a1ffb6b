namespace Tether.Benchmarks;

/// <summary>A resource that points at the next one in a chain, for dependent-lookup (latency) benchmarks.</summary>
public sealed class Res
{
    public int Value;
    public long Next;
    public int NextIndex;
    public Handle<Res> NextHandle;
}
