using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Tether;

/// <summary>Disposes owned resources after the table has let go of them: no lock held, never throwing.</summary>
internal static class OwnedDisposal
{
    /// <summary>A resource to dispose, with the raw value of the handle that owned it.</summary>
    internal readonly record struct Owned(long Raw, object Resource);

    /// <summary>
    /// Disposes synchronously. A resource that is only <see cref="IAsyncDisposable"/> is never waited for:
    /// waiting would deadlock a single-threaded <c>SynchronizationContext</c> (Blazor, UI threads) whose
    /// thread the disposal needs. If it does not finish at once it finishes in the background, and what it
    /// throws then goes to <paramref name="background"/>.
    /// </summary>
    public static Fin<Unit> DisposeAll(List<Owned>? owned, DisposeFailureSink? background)
    {
        if (owned is null || owned.Count == 0)
            return Fin<Unit>.Succ(unit);

        List<HandleError.DisposeFailed>? errors = null;
        foreach (var item in owned)
        {
            if (TryDispose(item, background) is { } thrown)
                (errors ??= []).Add(new HandleError.DisposeFailed(item.Raw, thrown));
        }

        return Result(errors);
    }

    /// <summary>
    /// As <see cref="DisposeAll"/>, for a caller that answers nothing (<c>Dispose</c>): what a synchronous
    /// disposal throws is dropped, as <c>Dispose</c> promises; a background one still goes to the sink.
    /// Makes no error object (see <see cref="DisposeFailureSink"/>).
    /// </summary>
    public static void DisposeAllQuietly(List<Owned>? owned, DisposeFailureSink? background)
    {
        if (owned is null)
            return;
        foreach (var item in owned)
            _ = TryDispose(item, background);
    }

    public static async ValueTask<Fin<Unit>> DisposeAllAsync(List<Owned>? owned)
    {
        if (owned is null || owned.Count == 0)
            return Fin<Unit>.Succ(unit);

        List<HandleError.DisposeFailed>? errors = null;
        foreach (var item in owned)
        {
            if (await TryDisposeAsync(item).ConfigureAwait(false) is { } thrown)
                (errors ??= []).Add(new HandleError.DisposeFailed(item.Raw, thrown));
        }

        return Result(errors);
    }

    /// <summary>As <see cref="DisposeAllQuietly"/>, awaiting what disposes asynchronously (<c>DisposeAsync</c>): makes no error.</summary>
    public static async ValueTask DisposeAllQuietlyAsync(List<Owned>? owned)
    {
        if (owned is null)
            return;
        foreach (var item in owned)
            _ = await TryDisposeAsync(item).ConfigureAwait(false);
    }

    /// <summary>Disposes one resource, awaiting it; what it threw, or none.</summary>
    private static async ValueTask<Exception?> TryDisposeAsync(Owned item)
    {
        try
        {
            switch (item.Resource)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }

            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>As <see cref="DisposeAll"/>, for the one resource a drop ended (none: success); allocates no list.</summary>
    public static Fin<Unit> DisposeOne(Owned? owned, DisposeFailureSink? background) =>
        owned is { } item && TryDispose(item, background) is { } thrown
            ? Fin<Unit>.Fail(new HandleError.DisposeFailed(item.Raw, thrown))
            : Fin<Unit>.Succ(unit);

    /// <summary>As <see cref="DisposeOne"/>, making no error (for the code-answering paths): what the disposal threw, or none.</summary>
    public static Exception? TryDisposeOne(Owned? owned, DisposeFailureSink? background) =>
        owned is { } item ? TryDispose(item, background) : null;

    /// <summary>As <see cref="DisposeAllAsync"/>, for the one resource a drop ended (none: success).</summary>
    public static ValueTask<Fin<Unit>> DisposeOneAsync(Owned? owned) =>
        owned is { } item ? DisposeOneAsync(item) : ValueTask.FromResult(Fin<Unit>.Succ(unit));

    private static async ValueTask<Fin<Unit>> DisposeOneAsync(Owned item) =>
        await TryDisposeAsync(item).ConfigureAwait(false) is { } thrown
            ? Fin<Unit>.Fail(new HandleError.DisposeFailed(item.Raw, thrown))
            : Fin<Unit>.Succ(unit);

    /// <summary>
    /// Disposes one resource at once and reports a failure to <paramref name="background"/>: for a step that
    /// could not make room to keep it for later (a list it ran out of memory for), so it is disposed all the same.
    /// </summary>
    public static void DisposeNow(Owned item, DisposeFailureSink? background)
    {
        if (TryDispose(item, background) is { } thrown)
            background?.Report(item.Raw, thrown);
    }

    /// <summary>Disposes one resource; what it threw, or none. A disposal that finishes later reports to the sink.</summary>
    private static Exception? TryDispose(Owned item, DisposeFailureSink? background)
    {
        try
        {
            switch (item.Resource)
            {
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
                case IAsyncDisposable asyncDisposable:
                    var pending = asyncDisposable.DisposeAsync();
                    if (pending.IsCompleted)
                        pending.GetAwaiter().GetResult();
                    else
                        _ = FinishInBackground(pending, item.Raw, background);
                    break;
            }

            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static async Task FinishInBackground(ValueTask pending, long raw, DisposeFailureSink? background)
    {
        try
        {
            // Continue wherever the disposal finishes: never post back to a context that may be blocked.
            await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            background?.Report(raw, e);
        }
    }

    /// <summary>One error, whatever the number of failures: a <see cref="HandleError"/> callers can match.</summary>
    private static Fin<Unit> Result(List<HandleError.DisposeFailed>? errors) => errors switch
    {
        null or [] => Fin<Unit>.Succ(unit),
        [var one] => Fin<Unit>.Fail(one),
        _ => Fin<Unit>.Fail(HandleError.DisposeFailed.Combine(errors)),
    };
}
