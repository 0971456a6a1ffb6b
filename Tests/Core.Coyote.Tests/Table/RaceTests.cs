using System.Threading.Tasks;
using LanguageExt;
using Microsoft.Coyote.Random;
using Microsoft.Coyote.Specifications;
using Tether.Coyote.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Tether.Coyote.Tests.Table;

/// <summary>
/// Tasks racing on one table, each scenario run for many Coyote-chosen schedules (see <see cref="CoyoteRun"/>
/// for what is and is not explored). Holds are chosen with Coyote's own generator, so a failing schedule
/// replays with the same choices. Each scenario runs on a table of one lane, and of two and four lanes
/// (SlotTable.Lanes.cs): on tables this small, almost every add and drop crosses lanes, so quota moves,
/// slots taken from another lane and the all-lanes paths race the one-lane paths.
/// </summary>
public class RaceTests(ITestOutputHelper output)
{
    private static Hold AnyHold(Generator choose) => choose.NextBoolean() ? Hold.Strong : Hold.Weak;

    /// <summary>
    /// A reader looks up a handle while a writer drops it and adds a resource of another type, which lands in
    /// the same slot (capacity 1). The reader may only ever see the original resource or Dropped, and once
    /// Dropped, never the original again.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void A_reader_racing_a_drop_and_a_reuse_of_the_slot_sees_the_original_or_Dropped(int lanes)
    {
        CoyoteRun.Check(output, iterations: 1000, async () =>
        {
            var choose = Generator.Create();
            using var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 1, LanesOverride = lanes }).Ok("create");
            var original = new Resource(1);
            var hold = AnyHold(choose);
            var handle = table.Add(original, hold).Ok("add");
            long raw = handle.Raw;
            var reuse = AnyHold(choose);
            OtherResource? replacement = null;

            var reader = Task.Run(() =>
            {
                bool gone = false;

                void See(bool alive, string what)
                {
                    Specification.Assert(!(gone && alive), $"{what} saw the handle alive after it was seen dropped");
                    gone |= !alive;
                }

                bool IsDropped(LanguageExt.Common.Error e) => e is HandleError.Dropped;

                for (int round = 0; round < 2; round++)
                {
                    var got = table.Get(handle);
                    Specification.Assert(got.Match(r => ReferenceEquals(r, original), IsDropped), $"Get gave {got}");
                    See(got.IsSucc, "Get");

                    var tried = table.TryGet(handle);
                    Specification.Assert(tried.Match(r => ReferenceEquals(r, original), () => true), $"TryGet gave {tried}");
                    See(tried.IsSome, "TryGet");

                    var state = table.State(handle);
                    Specification.Assert(state is HandleState.Alive or HandleState.Dropped, $"State gave {state}");
                    See(state == HandleState.Alive, "State");

                    var holdOf = table.HoldOf(handle);
                    Specification.Assert(holdOf.Match(h => h == hold, IsDropped), $"HoldOf gave {holdOf} for a handle held {hold} (the slot reused {reuse})");
                    See(holdOf.IsSucc, "HoldOf");

                    var resolved = table.Resolve<Resource>(raw);
                    Specification.Assert(resolved.Match(h => h.Raw == raw, IsDropped), $"Resolve gave {resolved}");
                    See(resolved.IsSucc, "Resolve");

                    // The same raw value asked for as the new type: never a success (WrongType while the
                    // original lives, Dropped after).
                    var asOther = table.Resolve<OtherResource>(raw);
                    Specification.Assert(
                        asOther.Match(_ => false, e => e is HandleError.WrongType or HandleError.Dropped),
                        $"Resolve<OtherResource> of the old raw value gave {asOther}");
                }
            });

            var writer = Task.Run(() =>
            {
                table.Drop(handle).Ok("drop");
                replacement = new OtherResource();
                var added = table.Add(replacement, reuse).Ok("re-add");
                Specification.Assert(
                    HandleLayout.IndexOf(added.Raw) == HandleLayout.IndexOf(raw) && added.Raw != raw,
                    "the new resource did not reuse the slot with a new generation");
            });

            await reader; // not Task.WhenAll(a, b): C# 13 binds it to the ReadOnlySpan overload, which Coyote 1.7.11 does not intercept
            await writer;
            Specification.Assert(table.State(handle) == HandleState.Dropped, "the old handle is not Dropped at the end");
            System.GC.KeepAlive(original);
            System.GC.KeepAlive(replacement);
        });
    }

    /// <summary>Two tasks end the same handle (typed or raw Drop, or Take): exactly one succeeds, the other says Dropped.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Two_tasks_ending_the_same_handle_exactly_one_succeeds(int lanes)
    {
        CoyoteRun.Check(output, iterations: 1000, async () =>
        {
            var choose = Generator.Create();
            using var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 4, LanesOverride = lanes }).Ok("create");
            var resource = new Resource(1);
            var handle = table.Add(resource, AnyHold(choose)).Ok("add");
            int firstWay = choose.NextInteger(3), secondWay = choose.NextInteger(3);

            Fin<Unit> End(int way) => way switch
            {
                0 => table.Drop(handle),
                1 => table.Drop(handle.Raw),
                _ => table.Take(handle).Map(taken =>
                {
                    Specification.Assert(ReferenceEquals(taken, resource), "Take returned another resource");
                    return Prelude.unit;
                }),
            };

            var first = Task.Run(() => End(firstWay));
            var second = Task.Run(() => End(secondWay));
            var results = new[] { await first, await second };

            int succeeded = (results[0].IsSucc ? 1 : 0) + (results[1].IsSucc ? 1 : 0);
            Specification.Assert(succeeded == 1, $"{succeeded} of two ends succeeded ({firstWay}, {secondWay}): {results[0]}, {results[1]}");
            foreach (var result in results)
                Specification.Assert(result.Match(_ => true, e => e is HandleError.Dropped), $"the losing end gave {result}");
            Specification.Assert(table.State(handle) == HandleState.Dropped, "the handle is not Dropped");
            var counts = table.Counts;
            Specification.Assert(counts == new TableCounts(0, 0, 0, 4, 0), $"counts {counts} after the only handle ended");
            System.GC.KeepAlive(resource);
        });
    }

    /// <summary>
    /// Two tasks add (strong or weak) and drop on a small table, where adds may meet TableFull; a third reads
    /// Counts meanwhile. Every snapshot adds up to the capacity, and the final Counts match exactly what
    /// succeeded.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Adds_and_drops_on_two_tasks_leave_exact_counts(int lanes)
    {
        const int capacity = 3;
        CoyoteRun.Check(output, iterations: 1000, async () =>
        {
            var choose = Generator.Create();
            using var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = capacity, LanesOverride = lanes }).Ok("create");
            var holds = new[] { AnyHold(choose), AnyHold(choose), AnyHold(choose), AnyHold(choose) };
            var keep = new Resource[4]; // keeps weak resources alive: the GC plays no part here

            // Adds two, drops the first it got; returns (strong, weak) still held.
            (int Strong, int Weak) Work(int first)
            {
                int strong = 0, weak = 0;
                Handle<Resource>? toDrop = null;
                for (int i = first; i < first + 2; i++)
                {
                    keep[i] = new Resource(i);
                    var added = table.Add(keep[i], holds[i]);
                    if (added.IsFail)
                    {
                        Specification.Assert(added.Match(_ => false, e => e is HandleError.TableFull), $"add gave {added}");
                        continue;
                    }

                    if (toDrop is null)
                    {
                        toDrop = added.Ok("add");
                        continue;
                    }

                    if (holds[i] == Hold.Strong)
                        strong++;
                    else
                        weak++;
                }

                if (toDrop is { } handle)
                    table.Drop(handle).Ok("drop");
                return (strong, weak);
            }

            var a = Task.Run(() => Work(0));
            var b = Task.Run(() => Work(2));
            var observer = Task.Run(() =>
            {
                for (int i = 0; i < 2; i++)
                {
                    var snapshot = table.Counts;
                    Specification.Assert(
                        snapshot.Strong >= 0 && snapshot.Weak >= 0 && snapshot.Collected == 0 && snapshot.Free >= 0
                        && snapshot.Live + snapshot.Free == capacity && snapshot.Retired == 0,
                        $"torn or impossible snapshot {snapshot}");
                }
            });
            var (sa, wa) = await a;
            var (sb, wb) = await b;
            await observer;

            var counts = table.Counts;
            var expected = new TableCounts(sa + sb, wa + wb, 0, capacity - (sa + sb + wa + wb), 0);
            Specification.Assert(counts == expected, $"counts {counts}, expected {expected}");
            System.GC.KeepAlive(keep);
        });
    }

    /// <summary>
    /// One task loosens and tightens a handle whose resource the test roots; another looks it up meanwhile.
    /// Every lookup succeeds with the resource, whichever hold it catches.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Loosen_and_Tighten_racing_Get_never_make_a_rooted_resource_fail(int lanes)
    {
        CoyoteRun.Check(output, iterations: 1000, async () =>
        {
            var choose = Generator.Create();
            using var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 4, LanesOverride = lanes }).Ok("create");
            var resource = new Resource(1);
            var handle = table.Add(resource, AnyHold(choose)).Ok("add");

            var flipper = Task.Run(() =>
            {
                for (int i = 0; i < 2; i++)
                {
                    table.Loosen(handle).Ok("loosen");
                    table.Tighten(handle).Ok("tighten");
                }
            });

            var reader = Task.Run(() =>
            {
                for (int i = 0; i < 3; i++)
                {
                    var got = table.Get(handle);
                    Specification.Assert(got.Match(r => ReferenceEquals(r, resource), _ => false), $"Get gave {got}");
                    Specification.Assert(table.TryGet(handle).IsSome, "TryGet gave none");
                    Specification.Assert(table.State(handle) == HandleState.Alive, "State is not Alive");
                    var holdOf = table.HoldOf(handle);
                    Specification.Assert(holdOf.IsSucc, $"HoldOf gave {holdOf}");
                }
            });

            await flipper;
            await reader;
            Specification.Assert(table.HoldOf(handle).Ok("hold") == Hold.Strong, "the last Tighten did not stick");
            var counts = table.Counts;
            Specification.Assert(counts == new TableCounts(1, 0, 0, 3, 0), $"counts {counts}");
            System.GC.KeepAlive(resource);
        });
    }
}
