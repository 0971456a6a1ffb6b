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
    public static Fin<Unit> DisposeAll(List<Owned>? owned, Action<HandleError.DisposeFailed>? background)
    {
        if (owned is null || owned.Count == 0)
            return Fin<Unit>.Succ(unit);

        List<HandleError.DisposeFailed>? errors = null;
        foreach (var item in owned)
        {
            if (TryDispose(item, background) is { } error)
                (errors ??= []).Add(error);
        }

        return Result(errors);
    }

    public static async ValueTask<Fin<Unit>> DisposeAllAsync(List<Owned>? owned)
    {
        if (owned is null || owned.Count == 0)
            return Fin<Unit>.Succ(unit);

        List<HandleError.DisposeFailed>? errors = null;
        foreach (var item in owned)
        {
            if (await TryDisposeAsync(item).ConfigureAwait(false) is { } error)
                (errors ??= []).Add(error);
        }

        return Result(errors);
    }

    private static async ValueTask<HandleError.DisposeFailed?> TryDisposeAsync(Owned item)
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
            return new HandleError.DisposeFailed(item.Raw, e);
        }
    }

    /// <summary>As <see cref="DisposeAll"/>, for the one resource a drop ended (none: success); allocates no list.</summary>
    public static Fin<Unit> DisposeOne(Owned? owned, Action<HandleError.DisposeFailed>? background) =>
        owned is { } item && TryDispose(item, background) is { } error ? Fin<Unit>.Fail(error) : Fin<Unit>.Succ(unit);

    /// <summary>As <see cref="DisposeAllAsync"/>, for the one resource a drop ended (none: success).</summary>
    public static ValueTask<Fin<Unit>> DisposeOneAsync(Owned? owned) =>
        owned is { } item ? DisposeOneAsync(item) : ValueTask.FromResult(Fin<Unit>.Succ(unit));

    private static async ValueTask<Fin<Unit>> DisposeOneAsync(Owned item) =>
        await TryDisposeAsync(item).ConfigureAwait(false) is { } error ? Fin<Unit>.Fail(error) : Fin<Unit>.Succ(unit);

    /// <summary>
    /// Disposes one resource at once and reports a failure to <paramref name="background"/>: for a step that
    /// could not make room to keep it for later (a list it ran out of memory for), so it is disposed all the same.
    /// </summary>
    public static void DisposeNow(Owned item, Action<HandleError.DisposeFailed>? background)
    {
        if (TryDispose(item, background) is { } error)
        {
            try
            {
                background?.Invoke(error);
            }
            catch (Exception)
            {
                // The reporting callback is user code: what it throws stays here.
            }
        }
    }

    private static HandleError.DisposeFailed? TryDispose(Owned item, Action<HandleError.DisposeFailed>? background)
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
            return new HandleError.DisposeFailed(item.Raw, e);
        }
    }

    private static async Task FinishInBackground(ValueTask pending, long raw, Action<HandleError.DisposeFailed>? background)
    {
        try
        {
            // Continue wherever the disposal finishes: never post back to a context that may be blocked.
            await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            try
            {
                background?.Invoke(new HandleError.DisposeFailed(raw, e));
            }
            catch (Exception)
            {
                // The reporting callback is user code: what it throws stays here.
            }
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
