using System;

namespace Tether.Tests.Support;

/// <summary>How much a piece of code allocates on this thread, judged generously against one-time runtime work.</summary>
internal static class Allocations
{
    /// <summary>
    /// The least a round of <paramref name="calls"/> calls allocated, over three rounds after a warm-up: the
    /// runtime may allocate once while it tiers the loop up (more on a loaded machine), so one clean round
    /// is enough, while an allocation per call would cost every round at least <paramref name="calls"/> x 24 B.
    /// </summary>
    public static long Least(Action call, int calls = 10_000)
    {
        for (int i = 0; i < 100; i++)
            call();
        long least = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
                call();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
