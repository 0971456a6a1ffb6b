using Microsoft.JSInterop;

namespace AuthorApp.Story;

/// <summary>An app-defined class exposed to JS: one callable method, one that is not marked.</summary>
public sealed class Greeter
{
    [JSInvokable]
    public string Hello(string name) => $"Hello, {name}";

    public string Secret() => "never";
}

/// <summary>The JS objects the story holds, by their role.</summary>
public sealed class Widget;
