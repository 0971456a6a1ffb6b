using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Microsoft.JSInterop;

namespace Tether.Interop;

/// <summary>
/// The only .NET object tether.js sends notices to. It is not the object user JS gets for
/// <c>callDotNet</c>, and it accepts a batch only with the token the module was given at start, which lives
/// in the module's closure: other scripts on the page (or a client guessing object ids on Server) cannot
/// forge notices.
/// </summary>
internal sealed class NoticeReceiver(JsNoticeFeed feed)
{
    private readonly byte[] _token = Encoding.ASCII.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
    private int _refused;

    public string Token => Encoding.ASCII.GetString(_token);

    /// <summary>How many batches came without the right token.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Called by tether.js, once per batch of notices.</summary>
    [JSInvokable]
    public void OnNotices(string? token, long[]? collected, long[]? detached)
    {
        if (token is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), _token))
        {
            Interlocked.Increment(ref _refused);
            return;
        }

        var batch = new List<JsNotice>((collected?.Length ?? 0) + (detached?.Length ?? 0));
        foreach (long h in collected ?? [])
            batch.Add(new JsNotice(JsNoticeKind.Collected, h));
        foreach (long h in detached ?? [])
            batch.Add(new JsNotice(JsNoticeKind.Detached, h));
        feed.Publish(batch);
    }
}
