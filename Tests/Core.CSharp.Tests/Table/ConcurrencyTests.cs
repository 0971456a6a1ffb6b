using System;
using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

public class ConcurrencyTests
{
    [Fact]
    public void Two_threads_adding_dropping_and_looking_up_never_see_a_resource_other_than_their_handles()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 64 }).Value();
        var shared = new long[32]; // raw handles, live and stale, visible to both threads
        int wrong = 0, hits = 0, errors = 0;

        void Worker(int seed)
        {
            var random = new Random(seed);
            for (int i = 0; i < 200_000; i++)
            {
                int at = random.Next(shared.Length);
                long raw = Volatile.Read(ref shared[at]);
                switch (random.Next(6))
                {
                    case 0:
                    case 1:
                        var resource = new Resource(i);
                        var added = table.Add(resource, random.Next(2) == 0 ? Hold.Strong : Hold.Weak);
                        if (added.IsSucc)
                        {
                            var handle = added.Value();
                            resource.Raw = handle.Raw;
                            var previous = Interlocked.Exchange(ref shared[at], handle.Raw);
                            if (previous != 0)
                                table.Resolve<Resource>(previous).Iter(h => table.Drop(h));
                        }

                        break;
                    case 2:
                        table.Resolve<Resource>(raw).Iter(h => table.Drop(h));
                        break;
                    case 3:
                        table.Resolve<Resource>(raw).Iter(h => table.Loosen(h));
                        break;
                    case 4:
                        table.Resolve<Resource>(raw).Iter(h => table.Tighten(h));
                        break;
                    default:
                        var found = table.Resolve<Resource>(raw).Bind(h => table.Get(h));
                        found.Match(
                            r =>
                            {
                                if (r.Raw != raw)
                                    Interlocked.Increment(ref wrong);
                                Interlocked.Increment(ref hits);
                            },
                            e =>
                            {
                                if (e is not (HandleError.Dropped or HandleError.Collected or HandleError.Unknown))
                                    Interlocked.Increment(ref errors);
                            });
                        break;
                }
            }
        }

        Threads.RunAll(() => Worker(1), () => Worker(2));

        Assert.Equal(0, wrong);
        Assert.Equal(0, errors);
        Assert.True(hits > 1000, $"only {hits} lookups hit");
        var counts = table.Counts;
        Assert.Equal(counts.Live, counts.Strong + counts.Weak + counts.Collected);
        Assert.InRange(counts.Live, 0, 64);
    }

    [Fact]
    public void Lookups_of_one_handle_racing_its_drop_and_reuse_see_it_or_an_error_never_the_newcomer()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 1 }).Value();
        long current = 0;
        int wrong = 0, done = 0;

        var reader = Threads.Start(() =>
        {
            while (Volatile.Read(ref done) == 0)
            {
                long raw = Volatile.Read(ref current);
                if (raw == 0)
                    continue;
                table.Resolve<Resource>(raw).Bind(h => table.Get(h)).Iter(r =>
                {
                    if (r.Raw != raw)
                        Interlocked.Increment(ref wrong);
                });
            }
        });

        for (int i = 0; i < 100_000; i++)
        {
            var resource = new Resource(i);
            var handle = table.Add(resource).Value();
            resource.Raw = handle.Raw;
            Volatile.Write(ref current, handle.Raw);
            table.Drop(handle).Value();
        }

        Volatile.Write(ref done, 1);
        reader.Join();
        Assert.Equal(0, wrong);
    }

    [Fact]
    public void Disposing_while_other_threads_work_throws_nowhere_and_leaves_nothing_live()
    {
        var table = Fresh.Table();
        using var started = new CountdownEvent(2);
        Exception? failure = null;

        void Worker()
        {
            try
            {
                started.Signal();
                for (int i = 0; i < 50_000; i++)
                {
                    var added = table.Add(new Resource(i), i % 2 == 0 ? Hold.Strong : Hold.Weak);
                    added.Iter(h => table.Get(h));
                    added.Iter(h => table.Drop(h));
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        }

        var workers = new[] { Threads.Start(Worker), Threads.Start(Worker) };
        started.Wait();
        table.Dispose();
        foreach (var worker in workers)
            worker.Join();

        Assert.Null(failure);
        Assert.Equal(new TableCounts(0, 0, 0, 0, 0), table.Counts);
        table.Add(new Resource(0)).FailsWith(new HandleError.Disposed(0));
    }
}
