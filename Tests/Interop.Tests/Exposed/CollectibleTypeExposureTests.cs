using System;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Xunit;
using static Tether.Interop.Tests.Support.Fixture;

namespace Tether.Interop.Tests.Exposed;

/// <summary>the process-wide cache of callable methods must not root the types it has seen.</summary>
public class CollectibleTypeExposureTests
{
    [Fact]
    public async Task Exposing_an_object_of_a_collectible_type_does_not_keep_the_type_alive_after_the_service_is_gone()
    {
        var type = ExposeOneOfACollectibleType();

        for (int i = 0; i < 20 && type.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(10);
        }

        // Today: CallableMethods.s_byRuntimeType (static) keys on the runtime type for ever, so a plugin's or a
        // hot-reloaded assembly's load context never unloads once one of its objects was exposed.
        Assert.False(type.IsAlive);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ExposeOneOfACollectibleType()
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Collectible" + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.RunAndCollect);
        var module = assembly.DefineDynamicModule("m");
        var builder = module.DefineType("Plugin", TypeAttributes.Public | TypeAttributes.Class);
        builder.DefineDefaultConstructor(MethodAttributes.Public);
        var type = builder.CreateType();

        var (handles, _) = Make();
        long raw = Value(handles.Expose<object>(Activator.CreateInstance(type)!));
        handles.Exposed.Drop(raw);
        handles.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return new WeakReference(type);
    }
}
