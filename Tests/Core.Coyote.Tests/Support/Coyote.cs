using System;
using System.Diagnostics;
using System.Threading.Tasks;
using LanguageExt;
using Microsoft.Coyote;
using Microsoft.Coyote.SystematicTesting;
using Xunit;
using Xunit.Abstractions;

namespace Tether.Coyote.Tests.Support;

/// <summary>Runs a scenario under Coyote's testing engine and fails the test with Coyote's bug report.</summary>
/// <remarks>
/// <para>What Coyote explores: the scenario's tasks run one at a time, and Coyote chooses which one runs next
/// at every scheduling point: Task start, await and completion, Monitor enter and exit (the table lock, see
/// LockShim), every Volatile.Read/Write and Interlocked call, and every field load and store in the rewritten
/// assembly. So the lock-free reads (Get, TryGet, State, HoldOf, Resolve) can be preempted between their two
/// stamp reads, between the stamp and the target, and so on, with a mutation running in between.</para>
/// <para>What it does not explore: weak memory. Every interleaving runs sequentially consistent, so a
/// missing barrier (a reordered store or load, a torn read) is never seen. Nor does it preempt inside
/// framework code that is not rewritten (WeakGCHandle, List, Dictionary, the GC); a GC.Collect is never
/// injected, so a weak resource here is always alive unless a test drops its last reference itself.
/// Each iteration samples one schedule (the default random strategy); it is not exhaustive.</para>
/// </remarks>
internal static class CoyoteRun
{
    /// <summary>
    /// Runs the class constructors the scenarios meet before Coyote takes control. A class constructor is run
    /// under the runtime's own type-initialisation lock, which Coyote cannot see. When a schedule pauses the
    /// task that is inside one (TypeKey&lt;Resource&gt;'s takes TypeKey's gate, a Monitor here, which is a
    /// scheduling point) and runs another task that touches the same type, that task blocks in the runtime, no
    /// controlled task can move, and the run ends in "potential deadlock or hang" in its first iteration (and
    /// every later test of the process inherits the half-run iteration). Only the first touch of a type in
    /// the process can meet this, so it was rare, and it is not a defect of the table: outside Coyote the
    /// second thread just waits for the constructor to finish.
    /// </summary>
    private static void InitialiseStatics()
    {
        _ = TypeKey<Resource>.Id;
        _ = TypeKey<OtherResource>.Id;
        foreach (var type in typeof(HandleTable).Assembly.GetTypes())
        {
            if (type.Namespace == typeof(HandleTable).Namespace && !type.ContainsGenericParameters)
                System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        }
    }

    public static void Check(ITestOutputHelper output, uint iterations, Func<Task> scenario)
    {
        InitialiseStatics();
        var config = Configuration.Create()
            .WithTestingIterations(iterations)
            .WithTelemetryEnabled(false)
            .WithVolatileOperationRaceCheckingEnabled(true)
            .WithAtomicOperationRaceCheckingEnabled(true)
            .WithLockAccessRaceCheckingEnabled(true)
            .WithMemoryAccessRaceCheckingEnabled(true)
            .WithPartiallyControlledConcurrencyAllowed(false);

        var clock = Stopwatch.StartNew();
        using var engine = TestingEngine.Create(config, scenario);
        engine.Run();
        var report = engine.TestReport;
        output.WriteLine($"{iterations} iterations in {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(report.GetText(config));
        if (report.NumOfFoundBugs > 0)
            Assert.Fail(string.Join(Environment.NewLine, report.BugReports) + Environment.NewLine + "Trace:" + Environment.NewLine + engine.ReproducibleTrace);
        Assert.True(report.UncontrolledInvocations.Count == 0, "uncontrolled: " + string.Join(", ", report.UncontrolledInvocations));
    }

    /// <summary>The value of a success; anything else fails the iteration.</summary>
    public static T Ok<T>(this Fin<T> fin, string what) =>
        fin.Match(value => value, error => throw new InvalidOperationException($"{what}: expected success, got {error.GetType().Name}: {error.Message}"));
}

/// <summary>A resource type.</summary>
public sealed class Resource(int id)
{
    public int Id { get; } = id;
    public override string ToString() => $"Resource#{Id}";
}

/// <summary>A second resource type, for a slot reused by another type.</summary>
public sealed class OtherResource
{
}
