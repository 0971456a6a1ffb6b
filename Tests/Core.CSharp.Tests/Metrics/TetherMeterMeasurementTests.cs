using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Metrics;

/// <summary>
/// Exact measurements: the counters are recorded on the thread that made the change, so a listener that
/// keeps only this thread's measurements sees exactly what this test did.
/// </summary>
// Meters are process-wide: this class runs with the other meter tests, alone.
[Collection(nameof(TetherMeterTests))]
public class TetherMeterMeasurementTests
{
    /// <summary>Every counter measurement made on the calling thread, in order, as (instrument, value).</summary>
    private sealed class ThisThread : IDisposable
    {
        private readonly int _thread = Environment.CurrentManagedThreadId;
        private readonly MeterListener _listener;
        private readonly List<(string Name, long Value)> _seen = [];

        public ThisThread()
        {
            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Meter.Name == TetherMeter.Name && instrument.Name != "tether.handles.live")
                        l.EnableMeasurementEvents(instrument);
                },
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                if (Environment.CurrentManagedThreadId != _thread)
                    return;
                lock (_seen)
                    _seen.Add((instrument.Name, value));
            });
            _listener.Start();
        }

        public List<(string Name, long Value)> Take()
        {
            lock (_seen)
            {
                var copy = _seen.ToList();
                _seen.Clear();
                return copy;
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public void Each_instrument_has_its_name_unit_and_description_on_the_Tether_meter()
    {
        HandleTable.Create().Dispose(); // the meter and its instruments exist once a table has been made
        var published = new List<Instrument>();
        using (var listener = new MeterListener
               {
                   InstrumentPublished = (instrument, _) =>
                   {
                       if (instrument.Meter.Name == TetherMeter.Name)
                           published.Add(instrument);
                   },
               })
        {
            listener.Start();
        }

        Assert.Equal(
            [
                ("tether.handles.collected", "{handle}", "Weak handles whose resource the GC collected."),
                ("tether.handles.created", "{handle}", "Handles added."),
                ("tether.handles.dropped", "{handle}", "Handles ended by drop, take, scope or table disposal."),
                ("tether.handles.live", "{handle}", "Live handles, by hold (strong, weak, collected)."),
                ("tether.handles.rejected", "{handle}", "Adds refused because the table was full."),
                ("tether.slots.reused", "{slot}", "Retired slots brought back for a new cycle of generations: from the first one on, a table reuses values (see the Core README's Value lifetime)."),
            ],
            published.Select(i => (i.Name, i.Unit, i.Description)).OrderBy(i => i.Name));
        Assert.All(published, i => Assert.Equal("0.1.0", i.Meter.Version));
    }

    [Fact]
    public void Adding_dropping_taking_and_a_full_table_are_counted_one_by_one()
    {
        using var measured = new ThisThread();
        using var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 2 }).Value();

        var a = table.Add(new Resource(1)).Value();
        var b = table.Add(new Resource(2)).Value();
        table.Add(new Resource(3)).FailsWith(new HandleError.TableFull(2));
        table.Drop(a).Value();
        table.Take(b).Value();

        Assert.Equal(
            [
                ("tether.handles.created", 1L), ("tether.handles.created", 1L), ("tether.handles.rejected", 1L),
                ("tether.handles.dropped", 1L), ("tether.handles.dropped", 1L),
            ],
            measured.Take());
    }

    [Fact]
    public void Closing_a_scope_counts_each_of_its_handles_as_dropped_in_one_measurement()
    {
        using var table = HandleTable.Create();
        var scope = table.OpenScope();
        scope.Add(new Resource(1)).Value();
        scope.Add(new Resource(2)).Value();
        var child = scope.OpenScope();
        child.Add(new Resource(3)).Value();
        using var measured = new ThisThread();

        scope.Close().Value();

        Assert.Equal([("tether.handles.dropped", 3L)], measured.Take());
    }

    [Fact]
    public void Disposing_a_table_counts_each_live_handle_once_as_dropped()
    {
        var table = HandleTable.Create();
        var kept = new Resource(3);
        table.Add(new Resource(1)).Value();
        var dropped = table.Add(new Resource(2)).Value();
        table.Add(kept, Hold.Weak).Value();
        table.Drop(dropped).Value();
        using var measured = new ThisThread();

        table.Dispose();

        Assert.Equal([("tether.handles.dropped", 2L)], measured.Take());
        GC.KeepAlive(kept);
    }

    [Fact]
    public void A_change_of_nothing_records_no_measurement()
    {
        var table = HandleTable.Create();
        var scope = table.OpenScope();
        using var measured = new ThisThread();

        scope.Close().Value();
        table.Dispose();

        Assert.Empty(measured.Take());
    }

    [Fact]
    public void The_live_gauge_counts_the_handles_of_a_table_by_hold()
    {
        using var table = HandleTable.Create();
        var weak = new Resource(3);
        Gc.Collect(); // tables that other tests left unreachable leave the gauge now, not between the two reads

        var before = ObserveLive();
        table.Add(new Resource(1)).Value();
        table.Add(new Resource(2)).Value();
        table.Add(weak, Hold.Weak).Value();
        var after = ObserveLive();

        Assert.Equal(["collected", "strong", "weak"], after.Keys.Order());
        Assert.Equal(2, after["strong"] - before["strong"]);
        Assert.Equal(1, after["weak"] - before["weak"]);
        Assert.Equal(0, after["collected"] - before["collected"]);
        GC.KeepAlive(weak);
    }

    private static Dictionary<string, long> ObserveLive()
    {
        var live = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TetherMeter.Name && instrument.Name == "tether.handles.live")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var hold = (string)tags.ToArray().Single(t => t.Key == "hold").Value!;
            live[hold] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return live;
    }
}
