using System;
using System.Linq;
using System.Threading;

namespace Tether.Tests.Support;

/// <summary>Real threads for stress tests: the thread pool would let work run one after another.</summary>
internal static class Threads
{
    public static Thread Start(Action work)
    {
        var thread = new Thread(() => work()) { IsBackground = true };
        thread.Start();
        return thread;
    }

    public static void RunAll(params Action[] work)
    {
        foreach (var thread in work.Select(Start).ToArray())
            thread.Join();
    }
}
