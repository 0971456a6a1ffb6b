namespace Tether.Native.Example;

/// <summary>A number C callers count with: the example's first type of object.</summary>
public sealed class Counter(long value)
{
    public long Value { get; private set; } = value;

    public long Add(long by) => Value += by;
}
