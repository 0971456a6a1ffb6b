namespace Tether;

/// <summary>Why an add added nothing, before any error is made (see <see cref="HandleTable.AddRaw"/>).</summary>
internal enum AddRefusal : byte
{
    None,
    NullResource,
    NotAHold,
    NotAnOwnership,
    OwnedWeak,
    AlreadyOwned,
    ScopeClosed,
    TableDisposed,
    TableFull,
}

/// <summary>The guest code of each refusal, without making the error.</summary>
internal static class AddRefusals
{
    public static int Code(this AddRefusal refusal) => refusal switch
    {
        AddRefusal.None => GuestCode.Ok,
        AddRefusal.NullResource => -HandleErrorCode.NullResource,
        AddRefusal.ScopeClosed or AddRefusal.TableDisposed => -HandleErrorCode.Disposed,
        AddRefusal.TableFull => -HandleErrorCode.TableFull,
        _ => -HandleErrorCode.InvalidArgument,
    };
}
