using System.Threading.Tasks;
using Xunit;

namespace Tether.Interop.Analyzers.Tests;

/// <summary>
/// What crosses for a callable method: each parameter, and the result once a Task, Task&lt;T&gt;, ValueTask or
/// ValueTask&lt;T&gt; is awaited. Arrays, nullables, the System.Collections.Generic lists, sets and dictionaries
/// are looked through to their elements; the first type whose members the JSON must read by reflection is named.
/// </summary>
public class CrossingTypesTests
{
    /// <summary>A Greeter with these members, an Order record, these types, and an Expose call.</summary>
    internal static string Exposing(string members, string types = "") => Snippets.Usings + $$"""
        namespace Shop;

        public sealed record Order(string Item, int Quantity);

        {{types}}

        public sealed class Greeter
        {
        {{members}}
        }

        public static class App
        {
            public static void Run(JsHandles handles) => handles.Expose(new Greeter());
        }
        """;

    [Fact]
    public async Task Strings_numbers_JsonElement_the_types_with_a_built_in_converter_and_tasks_of_them_are_not_reported()
    {
        var source = Exposing("""
                [JSInvokable] public string Echo(string text) => text;
                [JSInvokable] public int Add(int a, long b, double c, float d, decimal e, bool f, byte g, char h, short i, uint j) => a;
                [JSInvokable] public JsonElement Raw(JsonElement json, JsonDocument document, System.Text.Json.Nodes.JsonNode node, System.Text.Json.Nodes.JsonObject obj) => json;
                [JSInvokable] public Task<string> Later() => Task.FromResult("");
                [JSInvokable] public Task Done() => Task.CompletedTask;
                [JSInvokable] public ValueTask Settled() => default;
                [JSInvokable] public ValueTask<int> Counted() => default;
                [JSInvokable] public void Nothing() { }
                [JSInvokable] public Guid Id(Guid id, DateTime at, DateTimeOffset offset, TimeSpan span, DateOnly day, TimeOnly time) => id;
                [JSInvokable] public Uri Link(Uri uri, Version version, Half half, Int128 big) => uri;
                [JSInvokable] public DayOfWeek Day(DayOfWeek day, int? maybe, Guid? id) => day;
                [JSInvokable] public byte[] Bytes(object anything) => [];
                [JSInvokable] public int[] Numbers(List<long> longs, Dictionary<string, double> table, IReadOnlyList<string> names, HashSet<Guid> ids) => [];
                [JSInvokable] public IEnumerable<KeyValuePair<string, int>> Pairs(IDictionary<string, string[]> map) => [];
            """);

        Assert.Empty(await Snippets.Report(source));
    }

    [Fact]
    public async Task A_Task_of_a_record_is_reported_naming_the_record_as_the_result()
    {
        var source = Exposing("""
                [JSInvokable] public Task<Order> Place() => Task.FromResult(new Order("tea", 1));
            """);

        Assert.Equal(
            [$"TETHER101 {Snippets.At(source, "Expose")}: {Snippets.Reflection("Shop.Order", "as Greeter.Place's result")}"],
            await Snippets.Report(source));
    }

    [Fact]
    public async Task A_ValueTask_of_a_record_is_reported_naming_the_record_as_the_result()
    {
        var source = Exposing("""
                [JSInvokable] public ValueTask<Order> Place() => new(new Order("tea", 1));
            """);

        Assert.Equal(
            [$"TETHER101 {Snippets.At(source, "Expose")}: {Snippets.Reflection("Shop.Order", "as Greeter.Place's result")}"],
            await Snippets.Report(source));
    }

    [Fact]
    public async Task A_list_array_nullable_or_dictionary_of_records_is_reported_naming_the_record_in_it()
    {
        var source = Exposing(
            """
                [JSInvokable] public int Count(List<Order> orders) => orders.Count;
                [JSInvokable] public int Sum(Order[] orders, Dictionary<string, Order> byName) => 0;
                [JSInvokable] public Point? Where(IEnumerable<Point?> points) => null;
            """,
            "public struct Point { public int X { get; set; } }");
        string at = Snippets.At(source, "Expose");

        Assert.Equal(
            [
                $"TETHER101 {at}: {Snippets.Reflection("Shop.Order", "in Greeter.Count's parameter 'orders' (System.Collections.Generic.List<Shop.Order>)")}",
                $"TETHER101 {at}: {Snippets.Reflection("Shop.Order", "in Greeter.Sum's parameter 'byName' (System.Collections.Generic.Dictionary<string, Shop.Order>)")}",
                $"TETHER101 {at}: {Snippets.Reflection("Shop.Order", "in Greeter.Sum's parameter 'orders' (Shop.Order[])")}",
                $"TETHER101 {at}: {Snippets.Reflection("Shop.Point", "in Greeter.Where's parameter 'points' (System.Collections.Generic.IEnumerable<Shop.Point?>)")}",
                $"TETHER101 {at}: {Snippets.Reflection("Shop.Point", "in Greeter.Where's result (Shop.Point?)")}",
            ],
            await Snippets.Report(source));
    }

    [Fact]
    public async Task A_record_with_nested_records_is_reported_once_by_its_own_name()
    {
        var source = Exposing(
            """
                [JSInvokable] public int Check(Cart cart) => cart.Lines.Count;
            """,
            "public sealed record Cart(List<Order> Lines, Order First);");

        Assert.Equal(
            [$"TETHER101 {Snippets.At(source, "Expose")}: {Snippets.Reflection("Shop.Cart", "as Greeter.Check's parameter 'cart'")}"],
            await Snippets.Report(source));
    }

    [Fact]
    public async Task A_generic_type_of_the_app_or_another_collection_of_the_framework_is_reported_whole()
    {
        var source = Exposing(
            """
                [JSInvokable] public Box<Order> Wrap(Queue<int> queue) => new(new Order("tea", 1));
            """,
            "public sealed record Box<T>(T Value);");
        string at = Snippets.At(source, "Expose");

        Assert.Equal(
            [
                $"TETHER101 {at}: {Snippets.Reflection("Shop.Box<Shop.Order>", "as Greeter.Wrap's result")}",
                $"TETHER101 {at}: {Snippets.Reflection("System.Collections.Generic.Queue<int>", "as Greeter.Wrap's parameter 'queue'")}",
            ],
            await Snippets.Report(source));
    }

    [Fact]
    public async Task A_nullable_reference_is_named_without_its_annotation()
    {
        var source = Exposing("""
                [JSInvokable] public Order? Find(Order? like) => like;
            """);
        string at = Snippets.At(source, "Expose");

        Assert.Equal(
            [
                $"TETHER101 {at}: {Snippets.Reflection("Shop.Order", "as Greeter.Find's parameter 'like'")}",
                $"TETHER101 {at}: {Snippets.Reflection("Shop.Order", "as Greeter.Find's result")}",
            ],
            await Snippets.Report(source));
    }
}
