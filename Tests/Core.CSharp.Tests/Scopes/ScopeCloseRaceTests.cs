using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Tether.Tests.Adversarial;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Scopes;

/// <summary>An owned add into a scope that another thread closes while the add runs.</summary>
public class ScopeCloseRaceTests
{
    // LeakTracking.AgesAndStacks takes a stack trace between the scope check and the claim: a wide window.
    private static HandleTable Table() =>
        HandleTable.TryCreate(new HandleTableOptions { LeakTracking = LeakTracking.AgesAndStacks }).Value();

    /// <summary>
    /// Promise: a failed Add leaves its resource untouched and not reserved. When the scope closes between the
    /// add's scope check and its join, the add ends the handle itself and disposes the owned resource; if that
    /// Dispose throws, the Add returns Fail(DisposeFailed): a failed add whose resource was disposed (and
    /// a handle was issued, counted Created, and ended).
    /// </summary>
    [Fact]
    public void A_failed_owned_add_into_a_closing_scope_never_disposed_its_resource()
    {
        using var table = Table();
        string? failure = null;
        int raced = 0;
        var deadline = DateTime.UtcNow.AddSeconds(2.5);
        var rng = new Random(11);
        while (DateTime.UtcNow < deadline && failure is null)
        {
            var scope = table.OpenScope();
            var resource = new CountingDisposable(fail: true);
            using var go = new ManualResetEventSlim();
            int spin = rng.Next(0, 6000);
            var closer = new Thread(() =>
            {
                go.Wait();
                Thread.SpinWait(spin);
                scope.Close();
            }) { IsBackground = true };
            closer.Start();
            go.Set();
            var result = scope.Add(resource, Hold.Strong, Tether.Ownership.Owned);
            closer.Join(1000);
            if (result.IsFail && resource.Disposed != 0)
                failure = $"Add failed with {result.Error().GetType().Name} ({result.Error().Message}) and the resource was disposed {resource.Disposed} time(s)";
            if (result.IsSucc && resource.Disposed == 1 && table.State(result.Value().Raw) == HandleState.Dropped)
                raced++;
        }

        Assert.True(failure is null, failure);
    }

    /// <summary>
    /// The raced path with a well-behaved resource: success, a handle that says Dropped, the resource disposed
    /// exactly once, not reserved any more (a later owned add of it succeeds).
    /// </summary>
    [Fact]
    public void An_owned_add_into_a_closing_scope_is_disposed_exactly_once_and_released()
    {
        using var table = Table();
        var problems = new List<string>();
        int raced = 0;
        var deadline = DateTime.UtcNow.AddSeconds(2.5);
        var rng = new Random(5);
        while (DateTime.UtcNow < deadline && problems.Count == 0 && raced < 20)
        {
            var scope = table.OpenScope();
            var resource = new CountingDisposable();
            using var go = new ManualResetEventSlim();
            int spin = rng.Next(0, 6000);
            var closer = new Thread(() =>
            {
                go.Wait();
                Thread.SpinWait(spin);
                scope.Close();
            }) { IsBackground = true };
            closer.Start();
            go.Set();
            var result = scope.Add(resource, Hold.Strong, Tether.Ownership.Owned);
            closer.Join(1000);
            if (result.IsFail)
            {
                if (resource.Disposed != 0)
                    problems.Add($"failed add ({result.Error().GetType().Name}) disposed its resource");
                if (table.Add(resource, Hold.Strong, Tether.Ownership.Owned) is { IsSucc: true } again)
                    table.Take(again.Value());
                else
                    problems.Add("a failed add left its resource reserved");
                continue;
            }

            var handle = result.Value();
            var state = table.State(handle.Raw);
            if (state == HandleState.Alive)
                problems.Add("a handle of a closed scope is alive");
            if (resource.Disposed != 1)
                problems.Add($"resource disposed {resource.Disposed} times");
            var re = table.Add(resource, Hold.Strong, Tether.Ownership.Owned);
            if (re.IsFail)
                problems.Add($"after its handle ended, the resource is still reserved: {re.Error().Message}");
            else
                table.Take(re.Value());
            if (state == HandleState.Dropped && scope.IsDisposed)
                raced++;
        }

        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }
}
