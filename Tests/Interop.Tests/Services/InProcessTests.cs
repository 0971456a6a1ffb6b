using System.Threading.Tasks;
using LanguageExt;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Services;

/// <summary>Connect and the synchronous API where it does not exist (everywhere but WebAssembly).</summary>
public class InProcessTests
{
    [Fact]
    public async Task Connect_imports_the_module_and_makes_the_table_once()
    {
        var (handles, js) = Make();

        Assert.Equal(Unit.Default, Value(await handles.Connect()));
        Assert.Equal(Unit.Default, Value(await handles.Connect()));

        Assert.Equal(["import", "createTable"], js.Functions);
    }

    [Fact]
    public async Task InProcess_answers_NotInProcess_off_WebAssembly_before_and_after_Connect()
    {
        var (handles, _) = Make();

        Assert.Equal(InteropError.Codes.NotInProcess, ErrorOf(handles.InProcess).Code);
        await handles.Connect();
        var error = Assert.IsType<InteropError.NotInProcess>(ErrorOf(handles.InProcess));
        Assert.Equal(28, error.Code);
        Assert.Contains("WebAssembly", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_dispose_Connect_and_InProcess_answer_Disconnected()
    {
        var (handles, _) = Make();
        await handles.DisposeAsync();

        Assert.IsType<InteropError.Disconnected>(ErrorOf(await handles.Connect()));
        Assert.IsType<InteropError.Disconnected>(ErrorOf(handles.InProcess));
    }

    [Fact]
    public async Task A_failed_import_is_Connect_s_error_and_the_next_Connect_tries_again()
    {
        var (handles, js) = Make();
        js.Script["import"] = _ => new Answer.Throws("no such module");

        Assert.Equal(new InteropError.JsError(0, "no such module"), ErrorOf(await handles.Connect()));
        js.Script["import"] = _ => new Answer.Json("{\"__jsObjectId\":7}");
        Assert.Equal(Unit.Default, Value(await handles.Connect()));
    }
}
