using System;
using LanguageExt;
using LanguageExt.Common;

namespace Tether;

/// <summary>
/// Errors as the integers a guest (a Wasm module, native code) can hold, and back: 0 is success, a negative
/// value is a <see cref="HandleErrorCode"/> negated. For every boundary that answers codes instead of
/// <see cref="Fin{A}"/>.
/// </summary>
public static class GuestCode
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>
    /// The code for an error: its <see cref="HandleErrorCode"/>, negated. An error that is not a
    /// <see cref="HandleError"/> (or a null one) is <c>-InvalidArgument</c>: a guest never sees a positive code.
    /// </summary>
    public static int Of(Error error) => error is HandleError handle ? -handle.Code : -HandleErrorCode.InvalidArgument;

    /// <summary>0 for success, else the error's code.</summary>
    public static int Of<A>(Fin<A> result) => result.Match(_ => Ok, Of);

    /// <summary>
    /// The error a guest's code stands for, about <paramref name="raw"/>; none for 0, positive values and
    /// codes no <see cref="HandleError"/> has. Details a code cannot carry (a type, a capacity, an exception,
    /// a reason) come back as placeholders.
    /// </summary>
    public static Option<HandleError> ToError(int code, long raw = 0) => code switch
    {
        -HandleErrorCode.Unknown => new HandleError.Unknown(raw),
        -HandleErrorCode.Dropped => new HandleError.Dropped(raw),
        -HandleErrorCode.Collected => new HandleError.Collected(raw, typeof(object)),
        -HandleErrorCode.WrongType => new HandleError.WrongType(raw, typeof(object), typeof(object)),
        -HandleErrorCode.WrongTable => new HandleError.WrongTable(raw),
        -HandleErrorCode.Disposed => new HandleError.Disposed(raw),
        -HandleErrorCode.TableFull => new HandleError.TableFull(0),
        -HandleErrorCode.NullResource => new HandleError.NullResource(typeof(object)),
        -HandleErrorCode.NoCompactForm => new HandleError.NoCompactForm(raw),
        -HandleErrorCode.InvalidArgument => new HandleError.InvalidArgument("a guest reported an invalid argument.", raw),
        -HandleErrorCode.DisposeFailed => new HandleError.DisposeFailed(raw, new InvalidOperationException("a guest reported a failed disposal.")),
        -HandleErrorCode.WrongScope => new HandleError.WrongScope(raw),
        _ => Option<HandleError>.None,
    };
}
