using System;
using System.Diagnostics.Metrics;
using System.Threading.Tasks;
using Tether.Interop.Tests.Exposed;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Scopes;

/// <summary>
/// Issue 14 (the library's rule "no user code under locks"): JsScope.Expose holds the scope's lock
/// while it calls JsHandles.Expose, which adds to the exposed table, which records tether.handles.created, and
/// a MeterListener's callback is user code run synchronously inside Counter.Add. So a listener that waits for
/// another thread that asks the scope anything (Count, IsDisposed, DisposeAsync) deadlocks until it gives up;
/// the core's own tables record the same measurement with no lock held.
/// </summary>
public class ScopeLockTests
{
    [Fact]
    public void A_metrics_listener_called_by_Expose_runs_with_no_lock_of_the_scope_held()
    {
        var (handles, _) = Make();
        var scope = handles.OpenScope();
        int testThread = Environment.CurrentManagedThreadId;
        bool? otherThreadGotIn = null;

        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TetherMeter.Name && instrument.Name == "tether.handles.created")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) =>
        {
            // Only this test's own add (listeners are process-wide; other tests add on other threads).
            if (Environment.CurrentManagedThreadId != testThread || otherThreadGotIn is not null)
                return;
            otherThreadGotIn = Task.Run(() => scope.Count).Wait(TimeSpan.FromSeconds(5));
        });
        listener.Start();

        Assert.True(scope.Expose(new Greeter()).IsSucc);
        Assert.True(otherThreadGotIn, "another thread could not read scope.Count while a listener of Expose's add ran: the scope's lock was held");
        Assert.Equal(1, scope.Count);
    }
}
