using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Xunit;

namespace Tether.Native.Tests.Exports;

/// <summary>
/// tether.h declares its functions and tether_notice_fn with C's default convention, cdecl. An export or a function
/// pointer without a convention gets the platform's default instead, which is stdcall on 32-bit Windows: there the
/// caller and the export would both pop the arguments. Every export and the callback say Cdecl.
/// </summary>
public class CallingConventionTests
{
    private static readonly Type Exports = typeof(NativeHandles).Assembly.GetType("Tether.Native.TetherExports", throwOnError: true)!;

    [Fact]
    public void Every_tether_export_is_cdecl_as_tether_h_declares_it()
    {
        var exports = Exports.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<UnmanagedCallersOnlyAttribute>()))
            .Where(e => e.Attribute is not null)
            .ToArray();

        Assert.Equal(10, exports.Length);
        Assert.All(exports, e => Assert.Equal([typeof(CallConvCdecl)], e.Attribute!.CallConvs ?? []));
    }

    [Fact]
    public void The_notice_callback_is_called_as_a_cdecl_function_pointer()
    {
        var parameter = Exports.GetMethod("SetNoticeCallback", BindingFlags.Static | BindingFlags.NonPublic)!.GetParameters()[0];
        var pointer = parameter.GetModifiedParameterType();

        Assert.True(pointer.IsUnmanagedFunctionPointer);
        Assert.Equal([typeof(CallConvCdecl)], pointer.GetFunctionPointerCallingConventions());
    }
}
