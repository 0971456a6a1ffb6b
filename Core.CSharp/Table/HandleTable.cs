using System;
using System.Diagnostics;
using System.Diagnostics.Contracts;
using System.Runtime.CompilerServices;
using System.Threading;
using LanguageExt;

namespace Tether;

/// <summary>
/// A thread-safe table from typed, generational handles to host resources, held strongly or weakly.
/// </summary>
/// <remarks>
/// <para>Every lookup answers with <see cref="Option{A}"/> or <see cref="Fin{A}"/>; no member returns
/// <see langword="null"/> or throws, for any input, before or after <see cref="Dispose"/>.</para>
/// <para>Lookups take no lock and allocate nothing when they succeed. They read a slot between two reads
/// of its stamp; the stamp changes whenever the slot's handle ends, and a value comes back only after its slot
/// has issued a whole ring of other generations and rested (the Core README's "Value lifetime" states the
/// bound), so until then a lookup returns only the resource its handle was issued for.</para>
/// <para>The table is a thin front over its slots (the mechanism: slots, generations, the free
/// list, one short lock) and services that learn of each change after that lock is released: notices,
/// scopes, ownership, leak tracking and metrics. No user code (listeners, handlers, <c>Dispose</c>) ever
/// runs under a lock of the table.</para>
/// </remarks>
public sealed partial class HandleTable : IDisposable, IAsyncDisposable
{
    private readonly SlotTable _slots;
    private readonly TagLease _tag;
    private readonly HandleFormat _format;
    private readonly SlotPolicy _policy;
    private readonly LeakTracking _leakTracking;
    private readonly Action<LeakReport>? _onLeaks;
    private readonly DisposeFailureSink? _onDisposeFailed;

    // Made once, by the first call that answers a Fin (before it changes anything): answering TableFull
    // then allocates nothing, so an add that ran out of memory can still say so. Not made by the constructor:
    // the code-answering paths (Tether.Native) must never make a HandleError (see AddRaw).
    private HandleError.TableFull? _full;

    // Services. Notices and leaks are fixed by the options; scopes and ownership start on first use.
    private readonly NoticeHub? _notices;
    private readonly LeakBook? _leaks;
    private ScopeBook? _scopes;
    private OwnershipBook? _ownership;

    private HandleTable(HandleTableOptions options)
    {
        _format = options.Format;
        bool compact = options.Format == HandleFormat.Compact32;
        // A test's short generation limit would leave retired slots in the tag's space for every later table of
        // the tag: such a table draws from a space of its own.
        _tag = TagRegistry.Lease(options.OwnValueSpace || options.MaxGenerationOverride > 0);
        _slots = new SlotTable(_tag, options.Capacity,
            compact ? HandleLayout.MaxSlotsCompact : HandleLayout.MaxSlotsRaw,
            compact ? HandleLayout.MaxGenerationCompact : HandleLayout.MaxGenerationRaw,
            options.MaxGenerationOverride,
            options.LanesOverride > 0 ? options.LanesOverride : SlotTable.LanesFor(options.Capacity));
        _tag.SetOwner(this);
        _slots.Store.Handles.SetOwner(this);
        _policy = options.SlotPolicy;
        _leakTracking = options.LeakTracking;
        _onLeaks = options.OnLeaks;
        _onDisposeFailed = options.DisposeFailures;
        if (options.NotifyCollected)
            _notices = new NoticeHub(this);
        if (options.LeakTracking != LeakTracking.Off)
            _leaks = new LeakBook();
        TetherMeter.Register(this);
    }

    /// <summary>Creates a table with the default options: capacity 1,048,576, 53-bit raw handles.</summary>
    /// <remarks>
    /// It makes no error up front, so a NativeAOT library that makes a second table links none of LanguageExt's
    /// equality (docs/native.md): its first Fin answer makes the error a TableFull answer shares (see
    /// <see cref="TryCreate"/> for a table that has it from the start).
    /// </remarks>
    [Pure]
    public static HandleTable Create() => new(new HandleTableOptions());

    /// <summary>
    /// Makes the errors a Fin answer shares before any operation (so an add that runs out of memory can still
    /// answer TableFull, allocating nothing): <see cref="TryCreate"/> does, as part of making the table. A table
    /// made by <see cref="Create()"/> or <see cref="Make"/> (Tether.Native) makes them on its first Fin call.
    /// </summary>
    private HandleTable WithFinAnswers()
    {
        _ = Full;
        _ = DisposedError;
        return this;
    }

    /// <summary>Creates a table with the given options, or says why they are out of range.</summary>
    /// <remarks>
    /// Named apart from <see cref="Create()"/> because it answers a <see cref="Fin{A}"/>, not a table: options
    /// can be out of range, and a table that could not be made must not look like one. Take the table out
    /// before using it, as the example shows.
    /// </remarks>
    /// <example>
    /// <code>
    /// if (HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Case is not HandleTable table)
    ///     return; // Case is then the HandleError.InvalidArgument that says which option is out of range
    /// using (table)
    /// {
    ///     var handle = table.Add(new Canvas(), Hold.Weak);
    /// }
    /// </code>
    /// </example>
    [Pure]
    public static Fin<HandleTable> TryCreate(HandleTableOptions options) =>
        Make(options, out var why) is { } table ? Fin<HandleTable>.Succ(table.WithFinAnswers()) : Fin<HandleTable>.Fail(new HandleError.InvalidArgument(why!));

    /// <summary>
    /// As <see cref="TryCreate"/>, making no <see cref="Fin{A}"/> and no error (see AddRaw): the table, or none
    /// and why the options are refused (an <see cref="HandleError.InvalidArgument"/>'s message).
    /// </summary>
    internal static HandleTable? Make(HandleTableOptions? options, out string? why)
    {
        // Patterns, not Enum.IsDefined: its reflection over the enum's names costs a NativeAOT library tens of kilobytes.
        why = null;
        if (options is null)
            return Refused(out why, "options are null.");
        if (options.Format is not (HandleFormat.Raw53 or HandleFormat.Compact32))
            return Refused(out why, Text.Of((int)options.Format) + " is not a HandleFormat.");

        int maxSlots = options.Format == HandleFormat.Compact32 ? HandleLayout.MaxSlotsCompact : HandleLayout.MaxSlotsRaw;
        if (options.Capacity < 1 || options.Capacity > maxSlots)
            return Refused(out why,
                "capacity " + Text.Of(options.Capacity) + " is outside 1.." + Text.Of(maxSlots) + " for format " + Text.Of(options.Format) + ".");
        if (options.SlotPolicy is not (SlotPolicy.Tombstone or SlotPolicy.Reclaim))
            return Refused(out why, Text.Of((int)options.SlotPolicy) + " is not a SlotPolicy.");
        if (options.LeakTracking is not (LeakTracking.Off or LeakTracking.Ages or LeakTracking.AgesAndStacks))
            return Refused(out why, Text.Of((int)options.LeakTracking) + " is not a LeakTracking.");
        if (options.SlotPolicy == SlotPolicy.Reclaim && !options.NotifyCollected)
            return Refused(out why, "SlotPolicy.Reclaim needs NotifyCollected: the table reclaims a slot when it learns of the collection.");
        if (options.LanesOverride != 0 && !SlotTable.IsLaneCount(options.LanesOverride))
            return Refused(out why, "lane count " + Text.Of(options.LanesOverride) + " is not a power of two from 1 to " + Text.Of(SlotTable.MaxLanes) + ".");
        if (options.MaxGenerationOverride < 0 || options.MaxGenerationOverride > HandleLayout.MaxGenerationRaw)
            return Refused(out why,
                "generation limit " + Text.Of(options.MaxGenerationOverride) + " is outside 0.." + Text.Of(HandleLayout.MaxGenerationRaw) + ".");

        return new HandleTable(options);
    }

    private static HandleTable? Refused(out string? why, string reason)
    {
        why = reason;
        return null;
    }

    /// <summary>The most live handles the table holds at once.</summary>
    public int Capacity => _slots.Capacity;

    /// <summary>Which raw forms every handle of the table has.</summary>
    public HandleFormat Format => _format;

    /// <summary>Whether <see cref="Dispose"/> has been called.</summary>
    public bool IsDisposed => _slots.IsDisposed;

    /// <summary>
    /// Adds a resource and returns its handle. Fails with <see cref="HandleError.NullResource"/>,
    /// <see cref="HandleError.TableFull"/>, <see cref="HandleError.Disposed"/> or
    /// <see cref="HandleError.InvalidArgument"/> (an undefined <paramref name="hold"/> or
    /// <paramref name="ownership"/>; an owned resource held weakly; an object a live handle already owns),
    /// and then adds nothing. <see cref="HandleError.TableFull"/> also answers an add for which the process had
    /// no memory left (a page of slots, a weak GC handle, a notice sentinel, a scope's set): it too has added
    /// nothing.
    /// </summary>
    public Fin<Handle<T>> Add<T>(T resource, Hold hold = Hold.Strong, Ownership ownership = Ownership.Borrowed)
        where T : class => AddCore(resource, hold, ownership, scope: null);

    /// <summary>Opens a scope on the table: its handles are dropped when it is disposed.</summary>
    /// <remarks>
    /// Always answers a scope, so <c>using</c> takes it directly. Once the table is disposed the scope is born
    /// closed: <see cref="HandleScope.IsDisposed"/> is true and adding through it answers
    /// <see cref="HandleError.Disposed"/>, as any closed scope does.
    /// </remarks>
    /// <example>
    /// <code>
    /// using (var scope = table.OpenScope())
    /// {
    ///     scope.Add(new Canvas());
    /// } // the scope's handles are dropped here
    /// </code>
    /// </example>
    public HandleScope OpenScope() => OpenScopeCore(parent: null);

    internal Fin<Handle<T>> AddCore<T>(T resource, Hold hold, Ownership ownership, HandleScope? scope)
        where T : class
    {
        var full = Full; // made before the add, so that an add that runs out of memory can still say TableFull
        long raw = AddRaw(resource, hold, ownership, scope, out var refusal);
        return refusal switch
        {
            AddRefusal.None => Fin<Handle<T>>.Succ(new Handle<T>(raw)),
            AddRefusal.NullResource => Fin<Handle<T>>.Fail(new HandleError.NullResource(typeof(T))),
            AddRefusal.NotAHold => Fin<Handle<T>>.Fail(new HandleError.InvalidArgument(Text.Of((int)hold) + " is not a Hold.")),
            AddRefusal.NotAnOwnership => Fin<Handle<T>>.Fail(new HandleError.InvalidArgument(Text.Of((int)ownership) + " is not an Ownership.")),
            AddRefusal.OwnedWeak => Fin<Handle<T>>.Fail(new HandleError.InvalidArgument(
                "an owned resource must be held strongly: the table disposes it, so the GC must not collect it first.")),
            AddRefusal.AlreadyOwned => Fin<Handle<T>>.Fail(new HandleError.InvalidArgument(
                "this object is already owned by a live handle of the table; owning it twice would dispose it twice.")),
            AddRefusal.ScopeClosed => Fin<Handle<T>>.Fail(HandleError.Disposed.Scope(0)),
            AddRefusal.TableDisposed => Fin<Handle<T>>.Fail(DisposedError),
            _ => Fin<Handle<T>>.Fail(full),
        };
    }

    /// <summary>
    /// The add itself: the new handle's raw value, or 0 and why not. It neither reads a <see cref="Fin{A}"/>
    /// nor makes a <see cref="HandleError"/>: the code-answering bridges (Tether.Native) call it, and either
    /// links LanguageExt's reflective, expression-tree equality into a NativeAOT library (megabytes; see
    /// docs/native.md, "Size"). The Fin answer is made from the refusal by <see cref="AddCore"/>.
    /// </summary>
    internal long AddRaw<T>(T resource, Hold hold, Ownership ownership, HandleScope? scope, out AddRefusal refusal)
        where T : class
    {
        refusal = AddRefusal.None;
        if (resource is null)
            return Refuse(out refusal, AddRefusal.NullResource);
        if (hold is not (Hold.Strong or Hold.Weak))
            return Refuse(out refusal, AddRefusal.NotAHold);
        if (ownership is not (Ownership.Borrowed or Ownership.Owned))
            return Refuse(out refusal, AddRefusal.NotAnOwnership);
        bool owned = ownership == Ownership.Owned;
        if (owned && hold == Hold.Weak)
            return Refuse(out refusal, AddRefusal.OwnedWeak);
        if (scope is not null && (IsDisposed || Scopes.IsClosed(scope)))
            return Refuse(out refusal, IsDisposed ? AddRefusal.TableDisposed : AddRefusal.ScopeClosed);

        // Interrupts and faults (see "Interrupts and faults" in the Core README): no step below waits
        // interruptibly (every lock of the core is a SpinGate, and
        // the interrupt raised again after), and an OutOfMemoryException at any step undoes the steps before
        // it, so the add answers TableFull and has added nothing: no slot, no reservation, no service entry.
        long raw = 0;
        bool reserved = false, joined = true;
        var owners = owned ? Owners : null;
        try
        {
            // Leak tracking's stack trace is slow: taken here, before any lock.
            LeakInfo? info = _leaks is null
                ? null
                : new LeakInfo(Stopwatch.GetTimestamp(), _leakTracking == LeakTracking.AgesAndStacks ? Environment.StackTrace : null);
            if (owners is not null)
            {
                if (!owners.TryReserve(resource))
                    return Refuse(out refusal, AddRefusal.AlreadyOwned);
                reserved = true;
            }

            // The slot table claims and publishes in one step, or throws (a page, a weak GC handle, the owned
            // set's growth) having issued nothing.
            raw = _slots.Claim(resource, hold == Hold.Strong, TypeKey<T>.Id, out var failure, owned);
            TetherMeter.Record(TetherMeter.Reused, _slots.TakeRevivals());
            if (raw == 0)
            {
                owners?.Release(resource);
                reserved = false;
                if (failure == SlotTable.ClaimFailure.Disposed)
                    return Refuse(out refusal, AddRefusal.TableDisposed);
                TetherMeter.Record(TetherMeter.Rejected, 1);
                return Refuse(out refusal, AddRefusal.TableFull);
            }

            // The services learn of the handle now that the slot lock is released. (Ownership is not among
            // them: the slot table recorded it in the same step as the claim.) Each step allocates (a
            // dictionary's growth, a notice sentinel, a scope's set) and may fail; the catch below undoes.
            if (info is { } leakInfo && _leaks is { } leaks)
                leaks.Record(raw, leakInfo);
            if (hold == Hold.Weak)
                Watch(resource, raw);
            joined = scope is null || Scopes.TryJoin(scope, raw);
        }
        catch (OutOfMemoryException)
        {
            // Undo what happened, with steps that allocate nothing: end the handle (a weak handle that could
            // not be watched would never be noticed; one in no scope would outlive its scope), forget it in
            // every service, give the reservation back. The resource stays the caller's: nothing is disposed.
            if (raw != 0)
                Unclaim(raw);
            else if (reserved)
                owners!.Release(resource);
            GC.KeepAlive(resource);
            return Refuse(out refusal, AddRefusal.TableFull);
        }

        bool registered = _leaks is not null || scope is not null || (hold == Hold.Weak && _notices is not null);
        TetherMeter.Record(TetherMeter.Created, 1);

        if (!joined)
        {
            // The scope closed between the check above and now. The add happened first, so the handle ends
            // with its scope, as every other handle of it did: the caller gets a handle that says Dropped.
            // What its disposal throws is not this add's failure: it goes where late disposal failures go.
            if (EndNow(raw) is { } thrown)
                _onDisposeFailed?.Report(raw, thrown);
            // Stryker disable once Statement : keeps a weak resource reachable until the handle is returned; only a GC in that window could tell
            GC.KeepAlive(resource);
            return raw;
        }

        if (registered && !_slots.IsCurrent(raw))
        {
            // Another thread ended the handle (a drop of a guessed raw value, or Dispose) before the services
            // had heard of it: forget it here too.
            Settle(raw, resource, owned: false);
        }

        // Stryker disable once Statement : keeps a weak resource reachable until the handle is returned; only a GC in that window could tell
        GC.KeepAlive(resource);
        return raw;
    }

    private static long Refuse(out AddRefusal refusal, AddRefusal why)
    {
        refusal = why;
        return 0;
    }

    /// <summary>
    /// Undoes an add whose later steps failed: ends the handle, if no other thread did, and forgets it in every
    /// service, giving back the ownership reservation. Allocates nothing; disposes nothing (the add failed, so
    /// the resource is still the caller's).
    /// </summary>
    private void Unclaim(long raw)
    {
        bool ended = _slots.TryEnd(raw, SlotTable.AnyType, requireTarget: false, out var target, out bool isOwned, out _);
        if (ended)
            Settle(raw, target, isOwned);
    }

    // The Disposed every add after disposal answers, shared by all tables; made by the first table made for Fin
    // answers. Not by a static initializer: one that ran out of memory would leave the type broken for good.
    private static HandleError.Disposed? s_disposed;

    private static HandleError.Disposed DisposedError => Volatile.Read(ref s_disposed) ?? MakeDisposed();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static HandleError.Disposed MakeDisposed()
    {
        Interlocked.CompareExchange(ref s_disposed, new HandleError.Disposed(0), null);
        return Volatile.Read(ref s_disposed)!;
    }

    /// <summary>The TableFull every Fin answer of this table shares; made once (see the field).</summary>
    private HandleError.TableFull Full => Volatile.Read(ref _full) ?? MakeFull();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private HandleError.TableFull MakeFull()
    {
        Interlocked.CompareExchange(ref _full, new HandleError.TableFull(Capacity), null);
        return Volatile.Read(ref _full)!;
    }

    private ScopeBook Scopes => Volatile.Read(ref _scopes) ?? Interlocked.CompareExchange(ref _scopes, new ScopeBook(), null) ?? _scopes;

    private OwnershipBook Owners => Volatile.Read(ref _ownership) ?? Interlocked.CompareExchange(ref _ownership, new OwnershipBook(), null) ?? _ownership;

    /// <summary>How many resources have a notice sentinel now (tests: dropped handles let go of theirs).</summary>
    internal int WatchedCount => _notices?.WatchedCount ?? 0;

    /// <summary>How many handles leak tracking remembers now (tests: ended handles are forgotten).</summary>
    internal int TrackedCount => _leaks?.Count ?? 0;

    /// <summary>The table's tag (tests).</summary>
    internal int Tag => _slots.Tag;

    /// <summary>The table's tag and generation key (the property suite forges values with them).</summary>
    internal (int Tag, int Key) Identity => (_slots.Tag, _slots.Key);

    /// <summary>
    /// The compact form a raw value of this table would have, without validating it: a pure function of
    /// the raw value and the table's key. Tests use it to read slot and generation off a handle they got.
    /// </summary>
    internal int CompactUnchecked(long raw) =>
        HandleLayout.Compact(HandleLayout.GenerationOf(raw, _slots.Key), HandleLayout.IndexOf(raw) & HandleLayout.CompactIndexMask);
}
