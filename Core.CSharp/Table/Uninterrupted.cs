using System;
using System.Threading;

namespace Tether;

/// <summary>
/// Runs a step of the table whose wait the table does not control yet (a lock of the slot table's growth, of
/// the notice hub, of the tag registry; the runtime's own lock inside a <c>ConditionalWeakTable</c>) so that
/// a <see cref="ThreadInterruptedException"/> thrown in that wait never escapes: the step runs again, and the
/// interrupt is raised again on the thread once the step is done, so it stays pending for the caller's own
/// next wait, as it would had the table never waited at all.
/// </summary>
/// <remarks>
/// Only for steps that did nothing when such a wait threw: the wait comes before the step changes anything
/// (every such wait is where a lock is entered; what runs under it does not wait), so running the step again
/// is the first run that counts. The table's own locks (<see cref="SpinGate"/>) never wait interruptibly;
/// once every lock of the core is one, these retries never run, and cost a try block each.
/// </remarks>
internal static class Uninterrupted
{
    /// <summary>Runs <paramref name="step"/> until it ends without an interrupt; re-raises a swallowed interrupt after.</summary>
    public static TResult Run<TState, TResult>(TState state, Func<TState, TResult> step)
    {
        bool interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    return step(state);
                }
                catch (ThreadInterruptedException)
                {
                    interrupted = true;
                }
            }
        }
        finally
        {
            if (interrupted)
                Thread.CurrentThread.Interrupt();
        }
    }

    /// <summary>As <see cref="Run{TState, TResult}"/>, for a step that answers nothing.</summary>
    public static void Run<TState>(TState state, Action<TState> step)
    {
        bool interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    step(state);
                    return;
                }
                catch (ThreadInterruptedException)
                {
                    interrupted = true;
                }
            }
        }
        finally
        {
            if (interrupted)
                Thread.CurrentThread.Interrupt();
        }
    }
}
