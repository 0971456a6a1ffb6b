using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Metrics;

// Meters are process-wide: other tests add and drop concurrently, so this class runs alone.
[Collection(nameof(TetherMeterTests))]
[CollectionDefinition(nameof(TetherMeterTests), DisableParallelization = true)]
public class TetherMeterTests
{
    [Fact]
    public void The_meter_counts_created_dropped_collected_and_rejected_handles_and_reports_live_ones()
    {
        var totals = new Dictionary<string, long>();
        var live = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TetherMeter.Name)
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (totals)
            {
                if (instrument.Name == "tether.handles.live")
                {
                    var hold = (string)tags.ToArray().Single(t => t.Key == "hold").Value!;
                    live[hold] = live.GetValueOrDefault(hold) + value;
                }
                else
                {
                    totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
                }
            }
        });
        listener.Start();

        using (var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 3, NotifyCollected = true }).Value())
        {
            var strong = table.Add(new Resource(1)).Value();
            table.Add(new Resource(2), Hold.Weak).Value();
            var collected = Gc.AddUnrooted(table, Hold.Weak);
            table.Add(new Resource(4)).FailsWith(new HandleError.TableFull(3));
            table.Drop(strong).Value();
            Gc.Collect();
            SpinUntil(() => table.State(collected) == HandleState.Collected && Total(totals, "tether.handles.collected") >= 1);

            listener.RecordObservableInstruments();
        }

        Assert.True(Total(totals, "tether.handles.created") >= 3);
        Assert.True(Total(totals, "tether.handles.dropped") >= 1);
        Assert.True(Total(totals, "tether.handles.collected") >= 1);
        Assert.True(Total(totals, "tether.handles.rejected") >= 1);
        Assert.Equal(["collected", "strong", "weak"], live.Keys.Order());
        Assert.True(live["weak"] >= 1 && live["collected"] >= 1);
    }

    private static long Total(Dictionary<string, long> totals, string name)
    {
        lock (totals)
            return totals.GetValueOrDefault(name);
    }

    private static void SpinUntil(System.Func<bool> condition)
    {
        var deadline = System.DateTime.UtcNow.AddSeconds(30);
        while (!condition() && System.DateTime.UtcNow < deadline)
            System.Threading.Thread.Sleep(5);
    }
}
