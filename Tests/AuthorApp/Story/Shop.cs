using Microsoft.JSInterop;

namespace AuthorApp.Story;

/// <summary>
/// An app-defined class exposed to JS whose callable method takes an app-defined record that no JSON context
/// declares: the build warns of it (TETHER101), and a trimmed app's call answers a Serialization error naming it.
/// </summary>
public sealed class Shop
{
    [JSInvokable]
    public string Buy(Order order) => $"{order.Quantity} x {order.Item}";
}

/// <summary>What JS sends <see cref="Shop.Buy"/>; nothing in .NET makes one, so a trimmer keeps no constructor.</summary>
public sealed record Order(string Item, int Quantity);
