using System;
using System.Threading;

namespace Tether;

/// <summary>
/// Runs a step of the table that waits on a lock the table does not own (the notice channel's own lock, inside
/// <c>System.Threading.Channels</c>, which a reader on another thread may hold) so that a
/// <see cref="ThreadInterruptedException"/> thrown in that wait never escapes: the step runs again, and the
/// interrupt is raised again on the thread once the step is done, so it stays pending for the caller's own next
/// wait, as it would had the table never waited at all.
/// </summary>
/// <remarks>
/// Only for steps that may run twice (completing the notice hub is idempotent). The table's own locks are
/// <see cref="SpinGate"/>s, which never wait interruptibly, so the hot paths call the slot table directly.
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
