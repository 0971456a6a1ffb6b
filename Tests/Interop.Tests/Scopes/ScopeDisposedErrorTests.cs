using System.Threading.Tasks;
using Tether.Interop.Tests.Exposed;
using Tether.Interop.Tests.Support;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Scopes;

/// <summary>
/// Issue 14 ("A disposed scope says 'The handle table has been disposed'"): the core's HandleScope now
/// says "The handle scope has been disposed.", but a disposed JsScope (of a JsHandles that is alive and still
/// serves other scopes) still answers the table's message, so a log of a component that used its scope after
/// disposal sends the reader looking for a disposed table.
/// </summary>
public class ScopeDisposedErrorTests
{
    [Fact]
    public async Task A_disposed_JsScope_of_a_live_service_says_the_scope_was_disposed()
    {
        var (handles, _) = Make();
        var scope = handles.OpenScope();
        await scope.DisposeAsync();

        var held = Assert.IsType<HandleError.Disposed>(ErrorOf(await scope.Hold<Chart>(new FakeReference())));
        var exposed = Assert.IsType<HandleError.Disposed>(ErrorOf(scope.Expose(new Greeter())));
        Assert.Equal("The handle scope has been disposed.", held.Message);
        Assert.Equal("Disposed(6): The handle scope has been disposed.", exposed.ToString());

        // The service itself is fine: another scope still exposes.
        await using var other = handles.OpenScope();
        Assert.True(other.Expose(new Greeter()).IsSucc);
    }
}
