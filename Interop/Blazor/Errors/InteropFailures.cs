using System;
using System.Text.Json;
using System.Threading;
using LanguageExt.Common;
using Microsoft.JSInterop;

namespace Tether.Interop;

/// <summary>What an exception from the JS runtime means, as a value. The order matters: the most specific first.</summary>
internal static class InteropFailures
{
    public static Error Classify(Exception e, long handle, CancellationToken caller, TimeSpan timeout) => e switch
    {
        // A handle nested inside an argument, met by the serializer before anything was sent.
        NestedHandleException nested => new HandleError.InvalidArgument(nested.Reason),
        { InnerException: NestedHandleException nested } => new HandleError.InvalidArgument(nested.Reason),
        // Cancellation is ours to explain: the caller's token, or else our timeout (or, without a token of
        // ours, the runtime's own default timeout on Server). Either way the circuit may be alive.
        OperationCanceledException when caller.IsCancellationRequested => new InteropError.Canceled(handle),
        OperationCanceledException => new InteropError.Timeout(handle, timeout),
        JSDisconnectedException => new InteropError.Disconnected(handle),
        // The runtime (or our module reference) was disposed with its circuit or app.
        ObjectDisposedException => new InteropError.Disconnected(handle),
        // JSInterop wraps a result it could not deserialize in a JSException; the inner one says why.
        JSException { InnerException: { } inner } when inner is JsonException or NotSupportedException =>
            new InteropError.Serialization(handle, typeof(object), inner.Message),
        JSException js => new InteropError.JsError(handle, js.Message),
        // Arguments the runtime could not serialize, before anything was sent.
        JsonException or NotSupportedException => new InteropError.Serialization(handle, typeof(object), e.Message),
        // Raised while prerendering or statically rendering: there is no JS side yet. Only the runtime's own
        // message says so: a caller told NotInteractive retries after the first render, which would be
        // wrong for any other InvalidOperationException.
        InvalidOperationException when e.Message.Contains(NotInteractiveMessage, StringComparison.Ordinal) =>
            new InteropError.NotInteractive(handle, e.Message),
        // System.Text.Json throws it for a contract it cannot build (two properties with one JSON name, ...).
        InvalidOperationException when e.Source == "System.Text.Json" => new InteropError.Serialization(handle, typeof(object), e.Message),
        _ => new InteropError.JsError(handle, e.Message),
    };

    /// <summary>What every host's runtime says when JS cannot be called yet (Server prerendering, static rendering).</summary>
    internal const string NotInteractiveMessage = "JavaScript interop calls cannot be issued";
}
