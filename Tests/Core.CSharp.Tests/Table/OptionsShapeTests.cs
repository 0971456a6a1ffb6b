using System;
using System.Threading.Tasks;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>The options record, whose equality and text are written out (no reflection, no culture): they behave as the generated ones did.</summary>
public class OptionsShapeTests
{
    [Fact]
    public void Options_are_equal_exactly_when_every_option_is()
    {
        Action<HandleError.DisposeFailed> failed = _ => { };
        Action<LeakReport> leaks = _ => { };
        var a = new HandleTableOptions { Capacity = 10, NotifyCollected = true, OnDisposeFailed = failed, OnLeaks = leaks };
        var b = new HandleTableOptions { Capacity = 10, NotifyCollected = true, OnDisposeFailed = failed, OnLeaks = leaks };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Same(failed, a.OnDisposeFailed);
        Assert.NotEqual(a, b with { OnDisposeFailed = _ => { } });
        Assert.NotEqual(a, b with { OnDisposeFailed = null });
        Assert.NotEqual(a, b with { Capacity = 11 });
        Assert.NotEqual(a, b with { Format = HandleFormat.Compact32 });
        Assert.NotEqual(a, b with { SlotPolicy = SlotPolicy.Reclaim });
        Assert.NotEqual(a, b with { LeakTracking = LeakTracking.Ages });
        Assert.NotEqual(a, b with { NotifyCollected = false });
        Assert.NotEqual(a, b with { OnLeaks = null });
        Assert.NotEqual(a, b with { OwnValueSpace = true });
        Assert.False(a.Equals(null));
        Assert.False(a.Equals((object)"options"));
    }

    [Fact]
    public void Options_print_as_a_record_prints_them()
    {
        Assert.Equal(
            "HandleTableOptions { Capacity = 1024, Format = Raw53, NotifyCollected = False, SlotPolicy = Tombstone, LeakTracking = Off, OnLeaks = , OnDisposeFailed =  }",
            new HandleTableOptions { Capacity = 1024 }.ToString());
        Action<LeakReport> leaks = _ => { };
        Assert.Equal(
            $"HandleTableOptions {{ Capacity = 5, Format = Compact32, NotifyCollected = True, SlotPolicy = Reclaim, LeakTracking = AgesAndStacks, OnLeaks = {leaks}, OnDisposeFailed =  }}",
            new HandleTableOptions { Capacity = 5, Format = HandleFormat.Compact32, NotifyCollected = true, SlotPolicy = SlotPolicy.Reclaim, LeakTracking = LeakTracking.AgesAndStacks, OnLeaks = leaks }.ToString());
    }

    [Fact]
    public void A_disposal_that_fails_in_the_background_still_reaches_the_callback_as_a_DisposeFailed()
    {
        HandleError.DisposeFailed? reported = null;
        using var done = new System.Threading.ManualResetEventSlim();
        var table = HandleTable.TryCreate(new HandleTableOptions { OnDisposeFailed = f => { reported = f; done.Set(); } }).ThrowIfFail();
        var late = new System.Threading.Tasks.TaskCompletionSource();
        var handle = table.Add(new LateFailure(late.Task), ownership: Tether.Ownership.Owned).ThrowIfFail();

        table.Dispose();
        late.SetException(new InvalidOperationException("late"));

        Assert.True(done.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(handle.Raw, reported!.Raw);
        Assert.Equal("late", reported.Thrown.Message);
    }

    private sealed class LateFailure(System.Threading.Tasks.Task pending) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(pending);
    }
}
