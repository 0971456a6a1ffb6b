using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Notices;

/// <summary>Notices come only from tether.js itself, in order, to every subscriber, and pile up nowhere.</summary>
public class NoticeTests
{
    /// <summary>Starts the service and answers the receiver's object id and token as tether.js got them.</summary>
    private static async Task<(long Receiver, string Token)> Started(JsHandles handles, ScriptedJSRuntime js)
    {
        await Held<Chart>(handles, js);
        var create = CallsTo(js, "createTable").Single();
        return (create.Arg(0).GetProperty("__dotNetObject").GetInt64(), create.Arg(2).GetString()!);
    }

    [Fact]
    public async Task A_batch_with_the_modules_token_reaches_the_event_and_the_channel_in_order()
    {
        var (handles, js) = Make();
        var (receiver, token) = await Started(handles, js);
        var seen = new List<JsNotice>();
        handles.Noticed += seen.Add;
        handles.Noticed += _ => throw new InvalidOperationException("a bad subscriber");
        var reader = handles.Notices;

        js.InvokeDotNet(receiver, "OnNotices", $"[\"{token}\",[5,6],[7]]");

        JsNotice[] expected = [new(JsNoticeKind.Collected, 5), new(JsNoticeKind.Collected, 6), new(JsNoticeKind.Detached, 7)];
        Assert.Equal(expected, seen);
        var read = new List<JsNotice>();
        while (reader.TryRead(out var notice))
            read.Add(notice);
        Assert.Equal(expected, read);
        Assert.Equal(1, handles.NoticeBatches);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"0123456789ABCDEF0123456789ABCDEF\"")]
    public async Task A_batch_without_the_token_is_refused(string token)
    {
        var (handles, js) = Make();
        var (receiver, _) = await Started(handles, js);
        var seen = new List<JsNotice>();
        handles.Noticed += seen.Add;

        js.InvokeDotNet(receiver, "OnNotices", $"[{token},[5],[]]");

        Assert.Empty(seen);
        Assert.Equal(0, handles.NoticeBatches);
        Assert.Equal(1, handles.Receiver.Refused);
    }

    [Fact]
    public async Task The_object_JS_code_gets_for_callDotNet_cannot_deliver_notices()
    {
        var (handles, js) = Make();
        await Started(handles, js);
        var reference = handles.Reference;

        Assert.Null(typeof(JsHandles).GetMethod("OnNotices"));
        var thrown = Assert.ThrowsAny<Exception>(() => js.InvokeDotNet(IdOf(js, reference), "OnNotices", "[null,[5],[]]"));
        Assert.Contains("OnNotices", thrown.Message, StringComparison.Ordinal);
    }

    private static long IdOf(ScriptedJSRuntime js, Microsoft.JSInterop.DotNetObjectReference<JsHandles> reference)
    {
        // The runtime gives an id when the reference is first serialised.
        var json = System.Text.Json.JsonSerializer.Serialize(reference, js.JsonSerializerOptionsForTests());
        return System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("__dotNetObject").GetInt64();
    }

    [Fact]
    public async Task A_service_used_through_the_event_alone_buffers_nothing()
    {
        var (handles, js) = Make();
        var (receiver, token) = await Started(handles, js);
        int seen = 0;
        handles.Noticed += _ => seen++;

        for (int i = 0; i < 1000; i++)
            js.InvokeDotNet(receiver, "OnNotices", $"[\"{token}\",[{i + 1}],[]]");

        Assert.Equal(1000, seen);
        Assert.False(handles.Notices.TryRead(out _)); // the channel starts when first asked for
    }

    [Fact]
    public async Task Disposing_completes_the_channel_made_before_and_after()
    {
        var (handles, js) = Make();
        var before = handles.Notices;
        await Started(handles, js);

        await handles.DisposeAsync();

        Assert.True(before.Completion.IsCompleted);
        Assert.True(handles.Notices.Completion.IsCompleted);
    }
}
