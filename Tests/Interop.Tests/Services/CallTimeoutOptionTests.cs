using System;
using System.Threading.Tasks;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Services;

/// <summary>"Options out of range make every call say why (InvalidArgument)" - for every out-of-range number, not only the non-positive ones.</summary>
public class CallTimeoutOptionTests
{
    [Fact]
    public async Task A_call_timeout_too_large_for_a_timer_is_InvalidArgument_not_an_exception()
    {
        var (handles, js) = Make(new JsHandlesOptions { CallTimeout = TimeSpan.MaxValue });
        js.Script["hold"] = _ => Answer.Of(First);

        var held = await Record.ExceptionAsync(() => handles.Hold<Chart>(new FakeReference()));

        Assert.Null(held); // today: ArgumentOutOfRangeException from CancelAfter, outside Call's try
    }

    [Fact]
    public async Task DisposeAsync_never_throws_with_a_negative_call_timeout()
    {
        // Negative but not Timeout.InfiniteTimeSpan: every call says InvalidArgument, as documented; DisposeAsync
        // hands the same value to SemaphoreSlim.WaitAsync, which throws.
        var (handles, _) = Make(new JsHandlesOptions { CallTimeout = TimeSpan.FromMilliseconds(-5) });

        var disposed = await Record.ExceptionAsync(() => handles.DisposeAsync().AsTask());

        Assert.Null(disposed);
    }
}
