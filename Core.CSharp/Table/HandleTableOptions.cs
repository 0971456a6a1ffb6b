using System;

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
    /// Publish a <see cref="CollectionNotice"/> when the GC collects the resource of a current weak handle
    /// (<see cref="HandleTable.Notices"/>, <see cref="HandleTable.Collected"/>). Off by default: a weak add
    /// then allocates nothing; on, it attaches one small sentinel per weakly held resource.
    /// </summary>
    public bool NotifyCollected { get; init; }

    /// <summary>What becomes of a collected weak handle's slot. <see cref="SlotPolicy.Reclaim"/> needs <see cref="NotifyCollected"/>.</summary>
    public SlotPolicy SlotPolicy { get; init; } = SlotPolicy.Tombstone;

    /// <summary>What to record about each handle for leak reports. Off by default, and free when off.</summary>
    public LeakTracking LeakTracking { get; init; } = LeakTracking.Off;

    /// <summary>
    /// Called when a table is disposed while strong handles are still alive, with what they are. (Closing a
    /// scope is not a leak: ending its handles is what a scope is for.) Runs on the disposing thread, with no
    /// lock held; what it throws is ignored.
    /// </summary>
    public Action<LeakReport>? OnLeaks { get; init; }

    /// <summary>
    /// Called when an owned resource that is only <see cref="IAsyncDisposable"/>, disposed by a synchronous
    /// <c>Drop</c>, <c>Close</c> or <c>Dispose</c>, fails after that call has returned. Synchronous calls never
    /// wait for asynchronous disposal (that would deadlock a single-threaded <c>SynchronizationContext</c>);
    /// use <c>DropAsync</c>/<c>CloseAsync</c> to get such failures as results. What it throws is ignored.
    /// </summary>
    public Action<HandleError.DisposeFailed>? OnDisposeFailed
    {
        get => DisposeFailures?.Callback;
        init => DisposeFailures = value is null ? null : new DisposeFailedCallback(value);
    }

    /// <summary>The callback as the table reports to it; made here, so only a library that sets it links it.</summary>
    internal DisposeFailedCallback? DisposeFailures { get; private init; }

    /// <summary>
    /// Test hook: retire slots after this many generations instead of the format's limit, so that
    /// retirement is reachable in a test. 0 means the format's limit. A table with a limit draws from a value
    /// space of its own (see <see cref="OwnValueSpace"/>): its retired slots stay out of its tag's space.
    /// </summary>
    internal int MaxGenerationOverride { get; init; }

    /// <summary>
    /// Test hook: this many lanes (a power of two up to 64) instead of one per core from 4,096 handles of
    /// capacity (see SlotTable.Lanes.cs), so small tables in tests run the many-lane paths. 0 means the default.
    /// </summary>
    internal int LanesOverride { get; init; }

    /// <summary>
    /// Test hook: the table leases its tag as usual, but draws its values from a value space of its own, as if
    /// the tag had never been used (slots from 0, generations from 1), so that a model that numbers them so
    /// predicts them. Values of other tables of the tag are then kept apart only by the tables' keys.
    /// </summary>
    internal bool OwnValueSpace { get; init; }

    /// <summary>The public options, as a record prints them: <c>HandleTableOptions { Capacity = 1024, ... }</c>.</summary>
    /// <remarks>
    /// Written out rather than generated: the generated one boxes each enum and prints it by reflection, which
    /// links enum and calendar formatting into every NativeAOT library that makes a table.
    /// </remarks>
    public override string ToString() =>
        "HandleTableOptions { Capacity = " + Text.Of(Capacity) + ", Format = " + Text.Of(Format)
        + ", NotifyCollected = " + (NotifyCollected ? "True" : "False") + ", SlotPolicy = " + Text.Of(SlotPolicy)
        + ", LeakTracking = " + Text.Of(LeakTracking) + ", OnLeaks = " + OnLeaks + ", OnDisposeFailed = " + OnDisposeFailed + " }";

    /// <summary>Equal when every option is (the callbacks by delegate equality).</summary>
    /// <remarks>Written out for the same reason as <see cref="ToString"/>: the generated one compares enums through a boxing comparer.</remarks>
    public bool Equals(HandleTableOptions? other) =>
        ReferenceEquals(this, other)
        || (other is not null && Capacity == other.Capacity && Format == other.Format && NotifyCollected == other.NotifyCollected
            && SlotPolicy == other.SlotPolicy && LeakTracking == other.LeakTracking && Equals(OnLeaks, other.OnLeaks)
            && Equals(DisposeFailures, other.DisposeFailures) && MaxGenerationOverride == other.MaxGenerationOverride
            && LanesOverride == other.LanesOverride && OwnValueSpace == other.OwnValueSpace);

    /// <summary>A hash of what <see cref="Equals(HandleTableOptions)"/> compares.</summary>
    public override int GetHashCode() =>
        HashCode.Combine(Capacity, (int)Format, NotifyCollected, (int)SlotPolicy, (int)LeakTracking, OnLeaks, DisposeFailures,
            HashCode.Combine(MaxGenerationOverride, LanesOverride, OwnValueSpace));
}
