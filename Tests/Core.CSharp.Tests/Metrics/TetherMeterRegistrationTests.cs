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
    private static List<System.Runtime.InteropServices.WeakGCHandle<HandleTable>> Tables() =>
        (List<System.Runtime.InteropServices.WeakGCHandle<HandleTable>>)typeof(TetherMeter).GetField("Tables", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    private static SpinGate Gate() =>
        (SpinGate)typeof(TetherMeter).GetField("Gate", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    [Fact]
    public void Creating_a_table_does_not_change_the_meter_s_list_while_a_disposal_is_changing_it()
    {
        // Creation (Register), disposal (Unregister) and the gauge (Observe) change or read the list under one
        // lock: List<T>.Add racing RemoveAll loses entries or leaves a null that every later prune, Unregister and
        // gauge observation dereferences. Holding that lock stands for a disposal inside its RemoveAll.
        var tables = Tables();
        var gate = Gate();
        HandleTable? created = null, disposed = Fresh.Table();
        bool disposedMeanwhile;
        int before;
        int during;
        gate.Take();
        try
        {
            before = tables.Count;
            var creator = new Thread(() => created = Fresh.Table());
            var disposer = new Thread(() => disposed.Dispose());
            creator.Start();
            disposer.Start();
            creator.Join(TimeSpan.FromMilliseconds(500));
            disposedMeanwhile = disposer.Join(TimeSpan.FromMilliseconds(100));
            during = tables.Count;
        }
        finally
        {
            gate.Release();
        }

        SpinWait.SpinUntil(() => Volatile.Read(ref created) is not null, TimeSpan.FromSeconds(5));
        created?.Dispose();
        Assert.Equal(before, during);
        Assert.False(disposedMeanwhile, "a disposal went through the meter's list while its lock was held");
    }
}
