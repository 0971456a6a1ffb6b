using Microsoft.JSInterop;

namespace AuthorApp.Story;

/// <summary>An app-defined class exposed to JS: callable methods (one answers a ValueTask, one a type with its own converter), one that is not marked.</summary>
public sealed class Greeter
{
    [JSInvokable]
    public string Hello(string name) => $"Hello, {name}";

    /// <summary>Answers later, as Blazor's async methods do: the result crosses once awaited.</summary>
    [JSInvokable]
    public async ValueTask<string> HelloLater(string name)
    {
        await Task.Yield();
        return $"Hello later, {name}";
    }

    /// <summary>Takes and answers a type with its own converter: no context needed, trimmed or not.</summary>
    [JSInvokable]
    public Tag Label(Tag tag) => new($"{tag.Text}!");

    public string Secret() => "never";
}

/// <summary>The JS objects the story holds, by their role.</summary>
public sealed class Widget;
