using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.JSInterop;

namespace Tether.Interop;

/// <summary>
/// The one connection to tether.js: imports the module and makes the table on first use, makes every call
/// with the caller's token and the service's timeout, turns every failure into a value, and tears the JS
/// side down exactly once, whichever of a first call and <see cref="DisposeAsync"/> comes first.
/// </summary>
internal sealed class JsBridge : IAsyncDisposable
{
    private const DynamicallyAccessedMemberTypes JsonSerialized =
        DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.PublicProperties;

    /// <summary>
    /// The module and its table, made together and published together; <paramref name="Fast"/> when the same
    /// module is also registered with JSHost for [JSImport] calls (WebAssembly), else <paramref name="NotFast"/>
    /// says why not.
    /// </summary>
    internal sealed record Connection(IJSObjectReference Module, int Table, bool Fast = false, string NotFast = "this is not WebAssembly (Blazor Server or a test runtime): use the async members.");

    private readonly IJSRuntime _js;
    private readonly bool _watchDom;
    private readonly Error? _invalid;
    private readonly NoticeReceiver _receiver;
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private DotNetObjectReference<NoticeReceiver>? _receiverReference;

    // Published with Volatile.Write after the record is fully built, read with Volatile.Read: on ARM64 the
    // release/acquire pair makes the record's fields visible to any thread that sees the reference, and the
    // record is immutable, so a reader never sees a module without its table (or the other way round). The
    // fast path's flag lives in the same record for the same reason: a reader that sees Fast also sees the table
    // id and a module JSHost has registered (the registration completed before the write). Dispose swaps the
    // record out with Interlocked.Exchange (a full fence), after which every reader takes the disposed path.
    private Connection? _connection;

    /// <summary>
    /// Tests: stands in for the registration of the [JSImport] fast path (WebAssembly only), so a test can hold
    /// a start there, between the table's making and the connection's publication.
    /// </summary>
    internal Func<IJSObjectReference, int, CancellationToken, Task<Connection>>? RegisterFastPath { get; set; }
    private int _disposed;
    private int _calls;

    // Cancelled first thing in DisposeAsync (the circuit ended and its scope is disposed, or the app disposed the
    // service): every call in flight is linked to it and answers Disconnected at once, not after its timeout.
    private readonly CancellationTokenSource _lifetime = new();

    // The circuit's connection (Blazor Server): ConnectionDown cancels the current source, so calls in flight
    // answer Disconnected at once, and sets _down, so later calls answer it without sending; ConnectionUp clears
    // it. A call reads _link, links to it, then reads _down (see Limit). ConnectionDown writes _down before it
    // swaps _link with Interlocked.Exchange (a full fence, on ARM64 too): a call that links the new source reads
    // it after that exchange, so its later read of _down sees 1; a call that linked the old source is cancelled.
    private CancellationTokenSource _link = new();
    private int _down;

    public JsBridge(IJSRuntime js, JsHandlesOptions options, NoticeReceiver receiver)
    {
        _js = js;
        _watchDom = options.WatchDom;
        Timeout = options.HasCallTimeout ? options.CallTimeout : AppCallTimeout(js) ?? options.CallTimeout;
        _receiver = receiver;
        if (js is null)
            _invalid = new HandleError.InvalidArgument("the JS runtime is null.");
        else if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
            _invalid = new HandleError.InvalidArgument($"the call timeout {Timeout} is not positive (use Timeout.InfiniteTimeSpan to wait for ever).");
        else if (Timeout > MaxTimeout)
            _invalid = new HandleError.InvalidArgument($"the call timeout {Timeout} is longer than a timer can wait ({MaxTimeout}); use Timeout.InfiniteTimeSpan to wait for ever.");
    }

    /// <summary>
    /// The app's own default call timeout: Blazor Server's runtime keeps <c>JSInteropDefaultCallTimeout</c> in
    /// JSRuntime's protected DefaultAsyncTimeout, and applies it only to calls made without a token; Tether's calls
    /// always carry one, so the service applies it itself. Null where the runtime has none (WebAssembly).
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "A named member of a framework type the trimmer sees by name: JSRuntime.DefaultAsyncTimeout.")]
    private static TimeSpan? AppCallTimeout(IJSRuntime? js)
    {
        if (js is not JSRuntime runtime)
            return null;
        try
        {
            var property = typeof(JSRuntime).GetProperty("DefaultAsyncTimeout", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
            return property?.GetValue(runtime) as TimeSpan?;
        }
        catch (Exception)
        {
            return null; // a runtime whose getter throws: the service's own default applies
        }
    }

    /// <summary>The longest wait a timer takes (CancellationTokenSource.CancelAfter): 2^32 - 2 ms.</summary>
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    public TimeSpan Timeout { get; }

    /// <summary>
    /// What makes a handle marker this service's: 16 random bytes as hex, drawn once, given to tether.js only in
    /// createTable and written into every marker (<see cref="HandleMarker"/>). tether.js revives a marker only with
    /// its table's brand, so JSON a caller forwards that merely looks like a marker stays data. Not the notice
    /// token: that one proves notices to .NET, and travels in markers never.
    /// </summary>
    public string Brand { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public bool IsDisposed => Volatile.Read(ref _disposed) == 1;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The connection once made (and until disposed); null before. One acquire read: see <see cref="_connection"/>.</summary>
    public Connection? Current => Volatile.Read(ref _connection);

    /// <summary>Counts a call made outside <see cref="Call{TResult}"/> (the in-process and [JSImport] paths).</summary>
    public void Counted() => Interlocked.Increment(ref _calls);

    /// <summary>Imports the module and makes the table now (idempotent); every failure a value.</summary>
    public async Task<Fin<Unit>> Connect(CancellationToken cancellationToken)
    {
        if (_invalid is not null)
            return Fin<Unit>.Fail(_invalid);
        if (IsDisposed)
            return Fin<Unit>.Fail(new InteropError.Disconnected(0));
        if (cancellationToken.IsCancellationRequested)
            return Fin<Unit>.Fail(new InteropError.Canceled(0));
        if (Current is not null)
            return Fin<Unit>.Succ(Unit.Default);
        CancellationTokenSource? limit = null;
        try
        {
            limit = Limit(cancellationToken);
            return await Start(limit.Token).ConfigureAwait(false) is null
                ? Fin<Unit>.Fail(new InteropError.Disconnected(0))
                : Fin<Unit>.Succ(Unit.Default);
        }
        catch (Exception e)
        {
            return Fin<Unit>.Fail(Classify(e, 0, cancellationToken));
        }
        finally
        {
            limit?.Dispose();
        }
    }

    /// <summary>One call on the table, with every failure turned into a value.</summary>
    public async Task<Fin<TResult>> Call<[DynamicallyAccessedMembers(JsonSerialized)] TResult>(
        long handle, string function, CancellationToken cancellationToken, params object?[] args)
    {
        if (_invalid is not null)
            return Fin<TResult>.Fail(_invalid);
        if (IsDisposed)
            return Fin<TResult>.Fail(new InteropError.Disconnected(handle));
        if (cancellationToken.IsCancellationRequested)
            return Fin<TResult>.Fail(new InteropError.Canceled(handle));
        CancellationTokenSource? limit = null;
        try
        {
            limit = Limit(cancellationToken);
            if (Volatile.Read(ref _down) == 1)
                return Fin<TResult>.Fail(new InteropError.Disconnected(handle));
            var connection = await Start(limit.Token).ConfigureAwait(false);
            if (connection is null)
                return Fin<TResult>.Fail(new InteropError.Disconnected(handle));
            Interlocked.Increment(ref _calls);
            var result = await connection.Module.InvokeAsync<TResult>(function, limit.Token, [connection.Table, .. args]).ConfigureAwait(false);
            return result is null
                ? Fin<TResult>.Fail(new InteropError.JsError(handle, $"{function} answered nothing"))
                : Fin<TResult>.Succ(result);
        }
        catch (Exception e)
        {
            return Fin<TResult>.Fail(Classify(e, handle, cancellationToken));
        }
        finally
        {
            limit?.Dispose();
        }
    }

    /// <summary>
    /// A call's token: the caller's, the service's timeout, and (unless <paramref name="teardown"/>, whose calls
    /// must still go out while the service is disposed) the service's lifetime and its connection.
    /// </summary>
    private CancellationTokenSource Limit(CancellationToken cancellationToken, bool teardown = false)
    {
        var limit = teardown
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token, Volatile.Read(ref _link).Token);
        if (Timeout != System.Threading.Timeout.InfiniteTimeSpan)
            limit.CancelAfter(Timeout);
        return limit;
    }

    /// <summary>A failure as a value: a cancellation the caller did not ask for, once the service or its connection is gone, is Disconnected.</summary>
    private Error Classify(Exception e, long handle, CancellationToken caller) =>
        e is OperationCanceledException && !caller.IsCancellationRequested && (_lifetime.IsCancellationRequested || Volatile.Read(ref _down) == 1)
            ? new InteropError.Disconnected(handle)
            : InteropFailures.Classify(e, handle, caller, Timeout);

    /// <summary>The circuit's connection went down: calls in flight and every call until <see cref="ConnectionUp"/> answer Disconnected.</summary>
    public void ConnectionDown()
    {
        Volatile.Write(ref _down, 1);
        var old = Interlocked.Exchange(ref _link, new CancellationTokenSource());
        // Callbacks (the awaiting calls' continuations) run on the thread pool, not on the circuit handler's thread.
        _ = old.CancelAsync();
    }

    /// <summary>The circuit's connection is back: calls go out again.</summary>
    public void ConnectionUp() => Volatile.Write(ref _down, 0);

    /// <summary>The connection, made on first use; null once the service is disposed.</summary>
    private async Task<Connection?> Start(CancellationToken token)
    {
        if (Volatile.Read(ref _connection) is { } ready)
            return ready;
        await _startGate.WaitAsync(token).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _connection) is { } made)
                return made;
            if (IsDisposed)
                return null;
            var module = await _js.InvokeAsync<IJSObjectReference>("import", token, JsHandles.ModulePath).ConfigureAwait(false);
            Interlocked.Increment(ref _calls);
            _receiverReference ??= DotNetObjectReference.Create(_receiver);
            int table;
            try
            {
                table = await module.InvokeAsync<int>("createTable", token, _receiverReference, _watchDom, _receiver.Token, Brand).ConfigureAwait(false);
                Interlocked.Increment(ref _calls);
            }
            catch (Exception)
            {
                // We gave up (a timeout, the caller's token) but JS may still make the table, with its
                // observer, and we never learnt its id: ask JS to dispose whatever it made for our token.
                using (var cleanup = Limit(CancellationToken.None, teardown: true))
                    await Quietly(() => module.InvokeVoidAsync("disposeTableByToken", cleanup.Token, _receiver.Token)).ConfigureAwait(false);
                await Quietly(() => module.DisposeAsync()).ConfigureAwait(false);
                throw;
            }

            var connection = RegisterFastPath is { } register
                ? await register(module, table, token).ConfigureAwait(false)
                : OperatingSystem.IsBrowser() ? await WithFastPath(module, table, token).ConfigureAwait(false) : new Connection(module, table);

            // DisposeAsync sets the flag before it waits for this gate: if it came during any await above (the
            // import, the table, the fast path's registration), it may have given up waiting, so the table we
            // made is ours to tear down. This check comes after the last await, so nothing is published after it.
            if (IsDisposed)
            {
                await TearDown(connection).ConfigureAwait(false);
                return null;
            }

            Volatile.Write(ref _connection, connection);
            return connection;
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <summary>
    /// Registers the module Blazor imported with JSHost too, by its own URL (import.meta.url: with fingerprinted
    /// assets and an import map, only the module knows which file it is), so the [JSImport] calls reach the
    /// same instance and its tables. A failure (an old tether.js without moduleUrl, a blocked import) leaves
    /// the service on the IJSRuntime path, which works, and says why.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("browser")]
    private async Task<Connection> WithFastPath(IJSObjectReference module, int table, CancellationToken token)
    {
        try
        {
            if (module is not IJSInProcessObjectReference inProcess)
                return new Connection(module, table, NotFast: "the JS runtime does not call in process.");
            string url = JsInProcessHandles.InProcessCall<string>(inProcess, "moduleUrl");
            await System.Runtime.InteropServices.JavaScript.JSHost.ImportAsync(TetherImports.Module, url, token).ConfigureAwait(false);
            Interlocked.Add(ref _calls, 2);
            return new Connection(module, table, Fast: true, NotFast: "");
        }
        catch (Exception e)
        {
            // Even a timeout here leaves a working connection (the table is made): it is only slower.
            return new Connection(module, table, NotFast: $"tether.js could not be registered for [JSImport] calls: {e.Message}");
        }
    }

    /// <summary>Disposes the JS table and module. Never throws, whatever became of the circuit; runs once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        // Calls in flight answer Disconnected now; their continuations run on the thread pool.
        _ = _lifetime.CancelAsync();
        if (_invalid is not null)
            return; // never started: nothing to tear down
        // Wait (bounded) for a start in flight; if it outlasts us, it sees the flag and tears down itself.
        bool entered = false;
        try
        {
            entered = await _startGate.WaitAsync(Timeout == System.Threading.Timeout.InfiniteTimeSpan ? TimeSpan.FromSeconds(30) : Timeout).ConfigureAwait(false);
            if (entered && Interlocked.Exchange(ref _connection, null) is { } connection)
                await TearDown(connection).ConfigureAwait(false);
        }
        finally
        {
            if (entered)
                _startGate.Release();
            _receiverReference?.Dispose();
        }
    }

    private async Task TearDown(Connection connection)
    {
        using var limit = Limit(CancellationToken.None, teardown: true);
        await Quietly(() => connection.Module.InvokeVoidAsync("disposeTable", limit.Token, connection.Table)).ConfigureAwait(false);
        await Quietly(() => connection.Module.DisposeAsync()).ConfigureAwait(false);
        _receiverReference?.Dispose();
    }

    /// <summary>Cleanup across a boundary that may be gone: runs it and forgets any failure.</summary>
    internal static async Task Quietly(Func<ValueTask> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Cleanup across a boundary that may be gone: nothing useful to do with a failure.
        }
    }
}
