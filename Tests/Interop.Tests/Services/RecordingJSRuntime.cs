using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.JSInterop;

namespace Tether.Interop.Tests.Services;

/// <summary>
/// A JS runtime that records every call and answers from a script: for error mapping only, no browser.
/// </summary>
public sealed class RecordingJSRuntime : IJSRuntime, IJSObjectReference
{
    public List<(string Function, object?[] Args)> Calls { get; } = [];

    /// <summary>What a function answers (or throws), by name.</summary>
    public Dictionary<string, Func<object?[], object?>> Answers { get; } = new()
    {
        ["createTable"] = _ => 1,
    };

    public Exception? ThrowEverywhere { get; set; }

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => Answer<TValue>(identifier, args ?? []);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => Answer<TValue>(identifier, args ?? []);

    public ValueTask DisposeAsync() => ThrowEverywhere is { } e ? ValueTask.FromException(e) : ValueTask.CompletedTask;

    private ValueTask<TValue> Answer<TValue>(string identifier, object?[] args)
    {
        Calls.Add((identifier, args));
        if (ThrowEverywhere is { } e)
            return ValueTask.FromException<TValue>(e);
        if (identifier == "import")
            return ValueTask.FromResult((TValue)(object)this);
        if (!Answers.TryGetValue(identifier, out var answer))
            return ValueTask.FromException<TValue>(new JSException($"no answer scripted for {identifier}"));
        try
        {
            var value = answer(args);
            if (value is TValue typed)
                return ValueTask.FromResult(typed);
            // Envelopes come back as JSON in a real runtime: round-trip through the serializer.
            var json = System.Text.Json.JsonSerializer.Serialize(value, System.Text.Json.JsonSerializerOptions.Web);
            return ValueTask.FromResult(System.Text.Json.JsonSerializer.Deserialize<TValue>(json, System.Text.Json.JsonSerializerOptions.Web)!);
        }
        catch (Exception thrown)
        {
            return ValueTask.FromException<TValue>(thrown);
        }
    }
}
