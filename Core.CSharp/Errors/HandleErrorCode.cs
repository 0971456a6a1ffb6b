namespace Tether;

/// <summary>
/// The stable codes of <see cref="HandleError"/>. They never change meaning; a Wasm guest sees them negated.
/// </summary>
public static class HandleErrorCode
{
    /// <summary>The handle was never issued by this table: forged, default or out of range.</summary>
    public const int Unknown = 1;

    /// <summary>The handle was issued, then dropped or taken (use after drop).</summary>
    public const int Dropped = 2;

    /// <summary>The handle held its resource weakly and the GC has collected it.</summary>
    public const int Collected = 3;

    /// <summary>The handle was issued for another resource type than the one asked for.</summary>
    public const int WrongType = 4;

    /// <summary>The handle was minted by another table.</summary>
    public const int WrongTable = 5;

    /// <summary>The table has been disposed.</summary>
    public const int Disposed = 6;

    /// <summary>The table is at its capacity, or out of slots that can still be issued.</summary>
    public const int TableFull = 7;

    /// <summary>A <see langword="null"/> resource was offered to the table.</summary>
    public const int NullResource = 8;

    /// <summary>The handle has no compact 32-bit form.</summary>
    public const int NoCompactForm = 9;

    /// <summary>An argument is out of range: table options, or an undefined <see cref="Hold"/> value.</summary>
    public const int InvalidArgument = 10;

    /// <summary>An owned resource threw while it was being disposed; the handle ended all the same.</summary>
    public const int DisposeFailed = 11;

    /// <summary>The handle does not belong to the scope that was asked to move it.</summary>
    public const int WrongScope = 12;
}
