using System;
using Xunit;

namespace Tether.Tests.Errors;

/// <summary>The errors' fallbacks for missing parts, the combined disposal error, and their equality.</summary>
public class HandleErrorEdgeTests
{
    [Fact]
    public void An_error_about_a_null_type_names_it_resource_and_reports_object()
    {
        var collected = new HandleError.Collected(42, null!);
        var nullResource = new HandleError.NullResource(null!);

        Assert.Equal("The resource behind handle 42 was collected.", collected.Message);
        Assert.Equal(typeof(object), collected.Type);
        Assert.Equal("A null resource cannot be added to a handle table.", nullResource.Message);
        Assert.Equal(typeof(object), nullResource.Type);
    }

    [Fact]
    public void NullResource_reports_the_type_it_was_given()
    {
        Assert.Equal(typeof(Uri), new HandleError.NullResource(typeof(Uri)).Type);
    }

    [Fact]
    public void DisposeFailed_without_an_exception_says_unknown_error_and_carries_one()
    {
        var error = new HandleError.DisposeFailed(42, null!);

        Assert.Equal("Disposing the resource of handle 42 failed: unknown error", error.Message);
        var thrown = Assert.IsType<InvalidOperationException>(error.Thrown);
        Assert.Equal("unknown error", thrown.Message);
        Assert.Equal([42L], error.Handles);
    }

    [Fact]
    public void Several_disposal_failures_combine_into_one_error_listing_every_message_in_order()
    {
        var first = new InvalidOperationException("first broke");
        var second = new ObjectDisposedException("thing");
        var combined = HandleError.DisposeFailed.Combine(
            [new HandleError.DisposeFailed(7, first), new HandleError.DisposeFailed(9, second)]);

        Assert.Equal($"Disposing the resources of 2 handles failed: first broke; {second.Message}", combined.Message);
        Assert.Equal(7, combined.Raw);
        Assert.Equal([7L, 9L], combined.Handles);
        Assert.Equal([first, second], Assert.IsType<AggregateException>(combined.Thrown).InnerExceptions);
    }

    [Fact]
    public void DisposeFailed_errors_are_equal_only_for_the_same_handle_and_the_same_failure()
    {
        var exception = new InvalidOperationException("nope");
        var error = new HandleError.DisposeFailed(42, exception);

        Assert.Equal(error, new HandleError.DisposeFailed(42, exception));
        Assert.NotEqual(error, new HandleError.DisposeFailed(43, exception));
        Assert.NotEqual(error, new HandleError.DisposeFailed(42, new InvalidOperationException("nope")));
    }

    [Fact]
    public void InvalidArgument_without_a_reason_says_unspecified()
    {
        var error = new HandleError.InvalidArgument(null!);

        Assert.Equal("Invalid argument: unspecified", error.Message);
        Assert.Equal("unspecified", error.Reason);
    }

    [Fact]
    public void InvalidArgument_keeps_the_reason_it_was_given()
    {
        Assert.Equal("capacity is zero", new HandleError.InvalidArgument("capacity is zero").Reason);
    }
}
