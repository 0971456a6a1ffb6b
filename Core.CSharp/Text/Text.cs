namespace Tether;

/// <summary>
/// Numbers and names as messages show them: the same text on every thread, whatever its culture. Messages are
/// joined with <c>+</c>, not interpolated: an interpolated string formats through <c>ISpanFormattable</c>, which
/// makes NativeAOT link every formattable type's formatting (dates, time zones: hundreds of kilobytes) into a
/// library that only ever prints integers. Integers are written digit by digit, not by <c>long.ToString</c>:
/// even the invariant culture links culture data, calendars and time zones (about 100 KB) into such a library.
/// </summary>
internal static class Text
{
    public static string Of(long value)
    {
        if (value == 0)
            return "0";
        System.Span<char> digits = stackalloc char[20];
        int at = digits.Length;
        // Negative throughout, so long.MinValue (whose magnitude has no long) needs no special case.
        long rest = value > 0 ? -value : value;
        while (rest != 0)
        {
            digits[--at] = (char)('0' - (rest % 10));
            rest /= 10;
        }

        if (value < 0)
            digits[--at] = '-';
        return new string(digits[at..]);
    }

    public static string Of(HandleFormat format) => format switch
    {
        HandleFormat.Raw53 => nameof(HandleFormat.Raw53),
        HandleFormat.Compact32 => nameof(HandleFormat.Compact32),
        _ => Of((long)format),
    };

    public static string Of(SlotPolicy policy) => policy switch
    {
        SlotPolicy.Tombstone => nameof(SlotPolicy.Tombstone),
        SlotPolicy.Reclaim => nameof(SlotPolicy.Reclaim),
        _ => Of((long)policy),
    };

    public static string Of(LeakTracking tracking) => tracking switch
    {
        LeakTracking.Off => nameof(LeakTracking.Off),
        LeakTracking.Ages => nameof(LeakTracking.Ages),
        LeakTracking.AgesAndStacks => nameof(LeakTracking.AgesAndStacks),
        _ => Of((long)tracking),
    };

    /// <summary>
    /// A duration in seconds with at most three decimals (<c>1.5</c>, <c>0.001</c>, <c>12</c>): what <c>0.###</c>
    /// gives for the ages a leak report holds, rounded once from the milliseconds (<c>0.###</c> prints <c>-0</c>
    /// for a tiny negative age, this <c>0</c>; beyond years the last digit may differ by its double rounding).
    /// </summary>
    public static string Seconds(System.TimeSpan age)
    {
        long millis = (long)System.Math.Round(age.TotalMilliseconds, System.MidpointRounding.AwayFromZero);
        long whole = millis / 1000, fraction = System.Math.Abs(millis % 1000);
        string sign = millis < 0 && whole == 0 ? "-" : "";
        if (fraction == 0)
            return sign + Of(whole);
        string digits = Of(fraction).PadLeft(3, '0').TrimEnd('0');
        return sign + Of(whole) + "." + digits;
    }
}
