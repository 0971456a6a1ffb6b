using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Tether;

/// <summary>Disposes owned resources after the table has let go of them, never throwing.</summary>
internal static class OwnedDisposal
{
    /// <summary>A resource to dispose, with the raw value of the handle that owned it.</summary>
    internal readonly record struct Owned(long Raw, object Resource);

    public static Fin<Unit> DisposeAll(List<Owned>? owned)
    {
        if (owned is null || owned.Count == 0)
            return Fin<Unit>.Succ(unit);

        List<Error>? errors = null;
        foreach (var item in owned)
        {
            if (DisposeOne(item) is { } error)
                (errors ??= []).Add(error);
        }

        return Result(errors);
    }

    public static async ValueTask<Fin<Unit>> DisposeAllAsync(List<Owned>? owned)
    {
        if (owned is null || owned.Count == 0)
            return Fin<Unit>.Succ(unit);

        List<Error>? errors = null;
        foreach (var item in owned)
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
            }
            catch (Exception e)
            {
                (errors ??= []).Add(new HandleError.DisposeFailed(item.Raw, e));
            }
        }

        return Result(errors);
    }

    private static HandleError? DisposeOne(Owned item)
    {
        try
        {
            switch (item.Resource)
            {
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
                case IAsyncDisposable asyncDisposable:
                    // Only asynchronous disposal is offered: wait for it here; DropAsync avoids the wait.
                    asyncDisposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    break;
            }

            return null;
        }
        catch (Exception e)
        {
            return new HandleError.DisposeFailed(item.Raw, e);
        }
    }

    private static Fin<Unit> Result(List<Error>? errors) => errors switch
    {
        null => Fin<Unit>.Succ(unit),
        [var one] => Fin<Unit>.Fail(one),
        _ => Fin<Unit>.Fail(Error.Many(errors.ToArray())),
    };
}
