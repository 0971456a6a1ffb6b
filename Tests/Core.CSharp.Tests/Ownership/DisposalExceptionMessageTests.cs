using System;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Ownership;

/// <summary>
/// A resource's disposal may throw an exception whose own Message throws (a hostile or broken exception type).
/// The drop or close still answers DisposeFailed carrying that exception, and never throws.
/// </summary>
public class DisposalExceptionMessageTests
{
    private sealed class BrokenMessage : Exception
    {
        public override string Message => throw new InvalidOperationException("Message is broken");
    }

    private sealed class ThrowsBroken : IDisposable
    {
        public BrokenMessage Thrown { get; } = new();

        public void Dispose() => throw Thrown;
    }

    [Fact]
    public void Drop_of_a_resource_whose_exception_Message_throws_answers_DisposeFailed_naming_the_exception_type()
    {
        using var table = HandleTable.Create();
        var resource = new ThrowsBroken();
        var handle = table.Add(resource, ownership: Tether.Ownership.Owned).Value();

        var error = Assert.IsType<HandleError.DisposeFailed>(table.Drop(handle).Error());

        Assert.Same(resource.Thrown, error.Thrown);
        Assert.Equal([handle.Raw], error.Handles);
        Assert.Equal($"Disposing the resource of handle {handle.Raw} failed: a BrokenMessage whose Message threw", error.Message);
    }

    [Fact]
    public void Close_of_two_resources_whose_exception_Message_throws_answers_DisposeFailed_listing_both()
    {
        using var table = HandleTable.Create();
        var first = new ThrowsBroken();
        var second = new ThrowsBroken();
        var a = table.Add(first, ownership: Tether.Ownership.Owned).Value();
        var b = table.Add(second, ownership: Tether.Ownership.Owned).Value();

        var error = Assert.IsType<HandleError.DisposeFailed>(table.Close().Error());

        // Both, in any order: which raw value is the larger depends on the slots and generations the tag's value space
        // gives (tables of a tag share it, so it depends on the tests before this one).
        Assert.Equal(System.Linq.Enumerable.Order(new[] { a.Raw, b.Raw }), System.Linq.Enumerable.Order(error.Handles));
        Assert.Equal(
            "Disposing the resources of 2 handles failed: a BrokenMessage whose Message threw; a BrokenMessage whose Message threw",
            error.Message);
    }
}
