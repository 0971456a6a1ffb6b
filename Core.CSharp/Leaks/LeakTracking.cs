namespace Tether;

/// <summary>What a table records about each handle, for leak reports.</summary>
public enum LeakTracking
{
    /// <summary>Nothing: reports count strong handles by type, without ages. Costs nothing.</summary>
    Off = 0,

    /// <summary>The creation time of each handle, so reports give the age of the oldest.</summary>
    Ages = 1,

    /// <summary>Creation times and creation stack traces (slow: for finding a leak, not for production).</summary>
    AgesAndStacks = 2,
}
