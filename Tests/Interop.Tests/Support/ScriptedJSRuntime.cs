using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.JSInterop;
using Microsoft.JSInterop.Infrastructure;

namespace Tether.Interop.Tests.Support;

/// <summary>What a scripted JS function does with one call.</summary>
public abstract record Answer
{
    /// <summary>Answers this JSON (the text of the result).</summary>
    public sealed record Json(string Text) : Answer;

    /// <summary>Throws a JS error with this message.</summary>
    public sealed record Throws(string Message) : Answer;

    /// <summary>Throws this .NET exception synchronously from the runtime (as a dead circuit or prerendering does).</summary>
    public sealed record Raises(Exception Exception) : Answer;

    /// <summary>Never answers, until <see cref="Release"/> is completed with the JSON to answer.</summary>
    public sealed record Hangs(TaskCompletionSource<string> Release) : Answer;

    public static Answer Of(object? value) => new Json(JsonSerializer.Serialize(value, JsonSerializerOptions.Web));

    public static Answer Hang() => new Hangs(new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>One call the .NET side made: the function and its arguments as the runtime serialised them.</summary>
public sealed record Call(string Function, JsonElement Args)
{
    public JsonElement Arg(int index) => Args[index];
}

/// <summary>
/// A real <see cref="JSRuntime"/> (the class Blazor Server and WebAssembly derive from) whose JS side is a
/// script: arguments are really serialised, results really deserialised, cancellation and the runtime's
/// own error wrapping are the real ones. Nothing here imitates tether.js; tests say what each call answers.
/// </summary>
public sealed class ScriptedJSRuntime : JSRuntime
{
    private const long ModuleId = 7;

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>What each function answers, by name. "import" and "createTable" are scripted by default.</summary>
    public ConcurrentDictionary<string, Func<Call, Answer>> Script { get; } = new()
    {
        ["import"] = _ => new Answer.Json($"{{\"__jsObjectId\":{ModuleId}}}"),
        ["createTable"] = _ => Answer.Of(1),
        ["disposeTable"] = _ => Answer.Of(null),
    };

    public IEnumerable<string> Functions
    {
        get
        {
            foreach (var call in Calls)
                yield return call.Function;
        }
    }

    public int ReleasedObjects;

    /// <summary>The runtime's own default call timeout, as Blazor Server sets it from JSInteropDefaultCallTimeout.</summary>
    public TimeSpan? AppCallTimeout
    {
        get => DefaultAsyncTimeout;
        set => DefaultAsyncTimeout = value;
    }

    protected override void BeginInvokeJS(long taskId, string identifier, string? argsJson, JSCallResultType resultType, long targetInstanceId)
    {
        // A module's functions arrive with the module's id; "DotNet.jsCallDispatcher.disposeJSObjectReferenceById" disposes it.
        if (identifier.Contains("disposeJSObjectReferenceById", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref ReleasedObjects);
            Complete(taskId, "null");
            return;
        }

        var args = JsonDocument.Parse(argsJson ?? "[]").RootElement.Clone();
        var call = new Call(identifier, args);
        Calls.Enqueue(call);
        var answer = Script.TryGetValue(identifier, out var script) ? script(call) : new Answer.Throws($"no script for {identifier}");
        switch (answer)
        {
            case Answer.Raises raises:
                throw raises.Exception;
            case Answer.Json json:
                _ = Task.Run(() => Complete(taskId, json.Text));
                break;
            case Answer.Throws throws:
                _ = Task.Run(() => DotNetDispatcher.EndInvokeJS(this, $"[{taskId},false,{JsonSerializer.Serialize(throws.Message)}]"));
                break;
            case Answer.Hangs hangs:
                _ = hangs.Release.Task.ContinueWith(t => Complete(taskId, t.Result), TaskScheduler.Default);
                break;
        }
    }

    private void Complete(long taskId, string json) => DotNetDispatcher.EndInvokeJS(this, $"[{taskId},true,{json}]");

    protected override void EndInvokeDotNet(DotNetInvocationInfo invocationInfo, in DotNetInvocationResult invocationResult)
    {
        // No JS side calls .NET asynchronously in these tests.
    }

    /// <summary>The runtime's own serializer options (they serialise .NET object references as ids).</summary>
    public JsonSerializerOptions JsonSerializerOptionsForTests() => JsonSerializerOptions;

    /// <summary>Invokes a [JSInvokable] method on a .NET object the .NET side gave to JS, as tether.js would.</summary>
    public string InvokeDotNet(long dotNetObjectId, string method, string argsJson) =>
        DotNetDispatcher.Invoke(this, new DotNetInvocationInfo(null, method, dotNetObjectId, null), argsJson) ?? "null";
}
