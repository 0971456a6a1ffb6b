using Microsoft.JSInterop;

namespace AuthorApp.Story;

/// <summary>
/// An app-defined class exposed to JS whose callable methods take and answer app-defined types that no JSON context
/// declares: the build warns of each (TETHER101), and a trimmed app's call answers a Serialization error naming it,
/// never a value the trimmer emptied.
/// </summary>
public sealed class Shop
{
    private Payment _last = new();

    [JSInvokable]
    public string Buy(Order order) => $"{order.Quantity} x {order.Item}";

    /// <summary>Keeps the payment and says what it was: .NET reads a Payment, and never sets one's properties.</summary>
    [JSInvokable]
    public string Pay(Payment payment)
    {
        _last = payment;
        return $"paid {_last.Amount} {_last.Currency}";
    }

    /// <summary>The last receipt: .NET sets a Receipt's properties, and never reads them.</summary>
    [JSInvokable]
    public Receipt Last() => new() { Item = "tea", Quantity = 2 };
}

/// <summary>What JS sends <see cref="Shop.Buy"/>; nothing in .NET makes one, so a trimmer keeps no constructor.</summary>
public sealed record Order(string Item, int Quantity);

/// <summary>What JS sends <see cref="Shop.Pay"/>: a trimmer keeps its constructor and getters, and removes its setters.</summary>
public sealed class Payment
{
    public decimal Amount { get; set; }

    public string Currency { get; set; } = "";
}

/// <summary>What <see cref="Shop.Last"/> answers: a trimmer keeps its constructor and setters, and removes its getters.</summary>
public sealed class Receipt
{
    public string Item { get; set; } = "";

    public int Quantity { get; set; }
}
