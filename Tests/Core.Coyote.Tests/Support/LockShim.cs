namespace Tether;

/// <summary>
/// Stands in for <see cref="System.Threading.Lock"/> in the core's sources compiled into this assembly.
/// </summary>
/// <remarks>
/// The core writes <c>private readonly Lock _gate = new();</c> and <c>lock (_gate)</c>. Inside
/// <c>namespace Tether</c> this type wins over <c>System.Threading.Lock</c>, so the compiler lowers
/// <c>lock</c> to <c>Monitor.Enter</c>/<c>Monitor.Exit</c> instead of <c>Lock.EnterScope()</c>.
/// Coyote 1.7.11 rewrites Monitor into a lock it controls; it does not know <c>Lock</c> (new in .NET 9), and
/// a task it pauses inside a real <c>Lock</c> leaves every other task blocked where Coyote cannot see it
/// (it reports a "potential deadlock or hang"). Mutual exclusion is the same either way.
/// </remarks>
internal sealed class Lock
{
}
