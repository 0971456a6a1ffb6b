using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Metrics;

/// <summary>
/// The meter's list of tables is written by table creation (Register) and by disposal (Unregister). Both must
/// exclude each other: a table created while another is disposed stays in the list, so the live-handle gauge
/// counts it.
/// </summary>
// Reads the meter's process-wide list of tables: alone.
[Collection(nameof(TetherMeterRegistrationTests))]
[CollectionDefinition(nameof(TetherMeterRegistrationTests), DisableParallelization = true)]
public class TetherMeterRegistrationTests
{
    private static List<WeakReference<HandleTable>> Tables() =>
        (List<WeakReference<HandleTable>>)typeof(TetherMeter).GetField("Tables", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    [Fact]
    public void Creating_a_table_does_not_change_the_meter_s_list_while_a_disposal_is_changing_it()
    {
        // Unregister (disposal) changes the list under lock (Tables); Register (creation) must not change it
        // meanwhile: List<T>.Add racing RemoveAll loses entries or leaves a null that every later prune,
        // Unregister and gauge observation dereferences.
        var tables = Tables();
        HandleTable? created = null;
        int before;
        int during;
        Monitor.Enter(tables); // a disposal on another thread, inside its RemoveAll
        try
        {
            before = tables.Count;
            var creator = new Thread(() => created = Fresh.Table());
            creator.Start();
            creator.Join(TimeSpan.FromMilliseconds(500));
            during = tables.Count;
        }
        finally
        {
            Monitor.Exit(tables);
        }

        SpinWait.SpinUntil(() => Volatile.Read(ref created) is not null, TimeSpan.FromSeconds(5));
        created?.Dispose();
        Assert.Equal(before, during);
    }
}
