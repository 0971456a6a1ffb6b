namespace Tether.Wasmtime;

/// <summary>
/// What the guest sees. Functions that answer a status return 0 on success and the negated
/// <see cref="HandleErrorCode"/> on failure (-1 Unknown, -2 Dropped, -3 Collected, -4 WrongType,
/// -5 WrongTable, -6 Disposed, -7 TableFull, -8 NullResource, -9 NoCompactForm, -10 InvalidArgument,
/// -11 DisposeFailed, -12 WrongScope). Functions that answer a handle return it (always positive) or such a
/// negative code. <c>state</c> answers a <see cref="HandleState"/>: 0 Unknown, 1 Alive, 2 Dropped, 3 Collected.
/// </summary>
public static class GuestCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The code a guest receives for an error: its <see cref="HandleErrorCode"/>, negated (see <see cref="GuestCode"/>).</summary>
    public static int Of(LanguageExt.Common.Error error) => GuestCode.Of(error);
}
