namespace Tether;

/// <summary>How to build a <see cref="HandleTable"/>. Every property has a sensible default.</summary>
public sealed record HandleTableOptions
{
    /// <summary>The default capacity: 1,048,576 live handles.</summary>
    public const int DefaultCapacity = 1 << 20;

    /// <summary>
    /// The most live handles (strong, weak, or collected and not yet dropped) the table holds at once;
    /// beyond it, adding gives <see cref="HandleError.TableFull"/>. From 1 to the format's slot limit.
    /// </summary>
    public int Capacity { get; init; } = DefaultCapacity;

    /// <summary>Which raw forms every handle of the table must have.</summary>
    public HandleFormat Format { get; init; } = HandleFormat.Raw53;

    /// <summary>
    /// Test hook: retire slots after this many generations instead of the format's limit, so that
    /// retirement is reachable in a test. 0 means the format's limit.
    /// </summary>
    internal int MaxGenerationOverride { get; init; }
}
