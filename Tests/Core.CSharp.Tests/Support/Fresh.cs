namespace Tether.Tests.Support;

/// <summary>
/// Tables whose value space no earlier table used: slots from 0, generations from 1, nothing resting. For tests
/// that assert exact slots or counts; a table of a used tag goes on from the slots its predecessors left (some
/// may rest, <see cref="TableCounts.Retired"/>), which Slots/ValueLifetimeTests tests on its own.
/// </summary>
internal static class Fresh
{
    public static HandleTable Table() => HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true }).Value();
}
