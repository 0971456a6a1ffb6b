using System.Threading.Tasks;
using Xunit;

namespace Tether.Interop.Analyzers.Tests;

/// <summary>
/// Only the methods JS can call are checked, by the rules Tether.Interop calls them by (Exposed/CallableMethods.cs):
/// the public instance methods of the exposed type (its base classes' included, as reflection lists them; an
/// interface's own only), not generic, marked [JSInvokable] on that very method, and not sharing a JS name and
/// arity with another marked method.
/// </summary>
public class CallableMethodsTests
{
    private static string Exposing(string exposed, string types) => Snippets.Usings + $$"""
        namespace Shop;

        public sealed record Order(string Item, int Quantity);

        public sealed record Cart(Order[] Lines);

        {{types}}

        public static class App
        {
            public static void Run(JsHandles handles, {{exposed}} exposed) => handles.Expose(exposed);
        }
        """;

    [Fact]
    public async Task Methods_that_are_not_marked_static_generic_or_not_public_are_not_reported()
    {
        var source = Exposing("Greeter", """
            public sealed class Greeter
            {
                public string Plain(Order order) => order.Item;

                [JSInvokable]
                public static string Static(Order order) => order.Item;

                [JSInvokable]
                public string Generic<T>(Order order, T other) => order.Item;

                [JSInvokable]
                internal string Internal(Order order) => order.Item;

                [JSInvokable]
                private string Private(Order order) => order.Item;

                public Greeter(Order order) { }
            }
            """);

        Assert.Empty(await Snippets.Report(source));
    }

    [Fact]
    public async Task An_override_that_is_not_marked_again_is_not_callable_and_not_reported()
    {
        var source = Exposing("Derived", """
            public class Base
            {
                [JSInvokable]
                public virtual string Buy(Order order) => order.Item;
            }

            public sealed class Derived : Base
            {
                public override string Buy(Order order) => "";
            }
            """);

        Assert.Empty(await Snippets.Report(source));
    }

    [Fact]
    public async Task A_marked_method_inherited_without_an_override_is_callable_and_reported_as_the_base_types()
    {
        var source = Exposing("Derived", """
            public class Base
            {
                [JSInvokable]
                public string Buy(Order order) => order.Item;
            }

            public sealed class Derived : Base;
            """);

        Assert.Equal(
            [$"TETHER101 {Snippets.At(source, "Expose")}: {Snippets.Reflection("Shop.Order", "as Base.Buy's parameter 'order'")}"],
            await Snippets.Report(source));
    }

    [Fact]
    public async Task A_marked_override_of_a_marked_method_is_checked_once()
    {
        var source = Exposing("Derived", """
            public class Base
            {
                [JSInvokable]
                public virtual string Buy(Order order) => order.Item;
            }

            public sealed class Derived : Base
            {
                [JSInvokable]
                public override string Buy(Order order) => "";
            }
            """);

        Assert.Equal(
            [$"TETHER101 {Snippets.At(source, "Expose")}: {Snippets.Reflection("Shop.Order", "as Derived.Buy's parameter 'order'")}"],
            await Snippets.Report(source));
    }

    [Fact]
    public async Task Two_marked_methods_with_one_JS_name_and_arity_are_not_callable_but_one_renamed_is()
    {
        var source = Exposing("Greeter", """
            public sealed class Greeter
            {
                [JSInvokable]
                public string Buy(Order order) => order.Item;

                [JSInvokable]
                public string Buy(Cart cart) => "";

                [JSInvokable("buyMany")]
                [JSInvokable("Buy")]
                public string BuyMany(Cart cart, int times) => "";

                [JSInvokable("Buy")]
                public string BuyOne(Order order, int times) => "";
            }
            """);

        // Buy/1 is ambiguous (Buy(Order), Buy(Cart)), and so is Buy/2 (BuyMany, BuyOne); BuyMany is callable as buyMany.
        Assert.Equal(
            [$"TETHER101 {Snippets.At(source, "Expose")}: {Snippets.Reflection("Shop.Cart", "as Greeter.BuyMany's parameter 'cart'")}"],
            await Snippets.Report(source));
    }

    [Fact]
    public async Task A_method_hidden_with_new_and_marked_on_both_types_is_ambiguous_and_not_reported()
    {
        var source = Exposing("Derived", """
            public class Base
            {
                [JSInvokable]
                public string Buy(Order order) => order.Item;
            }

            public sealed class Derived : Base
            {
                [JSInvokable]
                public new string Buy(Order order) => "";
            }
            """);

        Assert.Empty(await Snippets.Report(source));
    }

    [Fact]
    public async Task Exposed_as_an_interface_only_the_interfaces_own_marked_methods_count()
    {
        var source = Exposing("IShop", """
            public interface ISeller
            {
                [JSInvokable]
                string Sell(Cart cart);
            }

            public interface IShop : ISeller
            {
                [JSInvokable]
                string Buy(Order order);
            }
            """);

        Assert.Equal(
            [$"TETHER101 {Snippets.At(source, "Expose")}: {Snippets.Reflection("Shop.Order", "as IShop.Buy's parameter 'order'")}"],
            await Snippets.Report(source));
    }

    [Fact]
    public async Task A_marked_property_getter_is_callable_and_its_type_reported()
    {
        var source = Exposing("Greeter", """
            public sealed class Greeter
            {
                public Order Last { [JSInvokable] get; set; } = new("tea", 1);
            }
            """);

        Assert.Equal(
            [$"TETHER101 {Snippets.At(source, "Expose")}: {Snippets.Reflection("Shop.Order", "as Greeter.get_Last's result")}"],
            await Snippets.Report(source));
    }
}
