using System;

namespace Tether;

/// <summary>
/// Where the failure of an owned disposal that no caller awaits goes: the table's
/// <see cref="HandleTableOptions.OnDisposeFailed"/> callback. Only the options' setter makes one, so a library
/// that never sets the callback never links the code that builds a <see cref="HandleError.DisposeFailed"/>: with
/// NativeAOT, making any LanguageExt error links LanguageExt's reflective equality (megabytes; docs/native.md).
/// </summary>
internal abstract class DisposeFailureSink
{
    /// <summary>Reports that disposing the resource of handle <paramref name="raw"/> threw; never throws.</summary>
    public abstract void Report(long raw, Exception thrown);
}

/// <summary>The sink of a <see cref="HandleTableOptions.OnDisposeFailed"/> callback; equal when the callbacks are.</summary>
internal sealed class DisposeFailedCallback(Action<HandleError.DisposeFailed> callback) : DisposeFailureSink
{
    public Action<HandleError.DisposeFailed> Callback { get; } = callback;

    public override void Report(long raw, Exception thrown)
    {
        try
        {
            Callback(new HandleError.DisposeFailed(raw, thrown));
        }
        catch (Exception)
        {
            // The reporting callback is user code: what it throws stays here.
        }
    }

    public override bool Equals(object? obj) => obj is DisposeFailedCallback other && Callback.Equals(other.Callback);

    public override int GetHashCode() => Callback.GetHashCode();
}
