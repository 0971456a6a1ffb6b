using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Tether;

/// <summary>
/// Which table's weak GC handles each thread is reading now, so a disposing table can free its slots' weak
/// handles at once and still never free one a lookup is dereferencing (the runtime decommits the pages of
/// freed handles, so reading a freed handle can fault).
/// </summary>
/// <remarks>
/// <para>Every thread that reads a weak handle has a <see cref="Mark"/> of its own, found through a thread-static
/// field: the reader writes its table's id into it before it reads any weak handle and 0 after (plain stores, a
/// release write for the 0), so a weak lookup costs two stores and no atomic operation. Strong lookups never
/// touch it. The disposer (<see cref="SlotTable.FreeWeakHandles"/>) has already freed every slot (each stamp
/// now carries the free bit) with every lane held; it then runs <see cref="Interlocked.MemoryBarrierProcessWide"/>
/// and waits, spinning and yielding (never an interruptible wait), until no mark holds its id, and only then
/// frees the handles.</para>
/// <para>Why no handle is read after it is freed, on ARM64 (weak memory) as on x64. The process-wide barrier
/// runs a full fence on every processor running a thread of the process (threads not running were fenced by
/// their context switch): for each reader there is a point in its program such that everything it did before
/// is visible to the disposer after the barrier, and everything it does after sees everything the disposer
/// did before. A reader writes its mark, then (an acquire load) reads the slot's stamp again, and reads the
/// weak handle only when that stamp is still its live stamp. If its mark write is before that point, the
/// disposer's scan (after the barrier) sees the mark and waits until the reader writes 0, a release write that
/// comes after its last read of the handle; the disposer reads it with an acquire load, so the free comes after
/// that read. If its mark write is after the point, so is its stamp read, which then sees the free stamp that
/// Shutdown wrote before the barrier, and the reader never touches the handle. The reader needs no fence of its
/// own: on ARM64 its store of the mark and its later load of the stamp may be reordered by the hardware (a
/// store-load pair; `ldapr`, which the JIT may use for an acquire load, is not ordered after an earlier
/// `stlr`), and x64's store buffer does the same; the process-wide barrier is what covers that pair. The
/// mark is a volatile write, so the JIT keeps it before the stamp's acquire load.</para>
/// <para>Ids are never reused (a 64-bit counter), so a mark left by a thread that died mid-read (it cannot: no
/// user code runs inside, and nothing there throws) or a stale one can only make a disposer wait, never free
/// early. A mark belongs to one thread; a thread reads one table's weak handles at a time (nothing inside a
/// weak read calls out), so one word per thread is enough. When a thread dies, its mark goes back to a free
/// list for the next new thread.</para>
/// </remarks>
internal static class WeakReaders
{
    private static long s_nextId;
    // A SpinGate: a lookup must never wait interruptibly (Core README, "Interrupts and faults").
    private static readonly SpinGate Gate = new();
    private static Mark[] s_marks = [];
    private static readonly Stack<Mark> Free = new();

    [ThreadStatic]
    private static Lease? t_lease;

    /// <summary>A new id for a slot table: never 0, never reused.</summary>
    public static long NextId() => Interlocked.Increment(ref s_nextId);

    /// <summary>The calling thread's mark: write a table's id into it before reading its weak handles, 0 after.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Mark Current() => t_lease?.Mark ?? Register();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Mark Register()
    {
        Mark mark;
        using (Gate.Enter())
        {
            if (!Free.TryPop(out mark!))
            {
                mark = new Mark();
                var grown = new Mark[s_marks.Length + 1];
                Array.Copy(s_marks, grown, s_marks.Length);
                grown[^1] = mark;
                Volatile.Write(ref s_marks, grown);
            }
        }

        t_lease = new Lease(mark);
        return mark;
    }

    /// <summary>
    /// Waits until no thread is reading the weak handles of table <paramref name="id"/>. The caller has
    /// already made every slot of the table free (see the remarks of <see cref="WeakReaders"/>).
    /// </summary>
    public static void WaitForReaders(long id)
    {
        Interlocked.MemoryBarrierProcessWide();
        foreach (var mark in Volatile.Read(ref s_marks))
        {
            int spins = 0;
            while (Volatile.Read(ref mark.Table) == id)
            {
                // A reader inside is a few dozen instructions from leaving, unless it was preempted: spin a
                // little, then give the processor away. Thread.Yield and SpinWait never throw
                // ThreadInterruptedException (Thread.Sleep would).
                if (++spins < 50)
                    Thread.SpinWait(20);
                else
                    Thread.Yield();
            }
        }
    }

    /// <summary>One thread's mark: the id of the table whose weak handles it is reading, or 0. On its own cache lines.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal sealed class Mark
    {
#pragma warning disable CS0169 // padding, never read
        private Padding _before;
#pragma warning restore CS0169

        /// <summary>The table being read, or 0.</summary>
        public long Table;

#pragma warning disable CS0169 // padding, never read
        private Padding _after;
#pragma warning restore CS0169

        [InlineArray(15)]
        private struct Padding
        {
            private long _element;
        }
    }

    /// <summary>Gives a dead thread's mark back: only the thread-static field refers to it.</summary>
    private sealed class Lease(Mark mark)
    {
        public Mark Mark { get; } = mark;

        ~Lease()
        {
            // The thread is gone, so it is reading nothing.
            Volatile.Write(ref Mark.Table, 0);
            using (Gate.Enter())
                Free.Push(Mark);
        }
    }
}
