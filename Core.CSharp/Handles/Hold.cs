namespace Tether;

/// <summary>How a table keeps the resource behind a handle alive.</summary>
public enum Hold
{
    /// <summary>The table keeps the resource alive until the handle is dropped.</summary>
    Strong = 0,

    /// <summary>The table does not keep the resource alive; once the GC collects it, lookups say <c>Collected</c>.</summary>
    Weak = 1,
}
