(**
---
title: Blazor guide
category: Guides
categoryindex: 2
index: 3
---
*)
(*** hide ***)
#load "../docs-tools/Snippets.fsx"
#load "../docs-tools/Sizes.fsx"

(**
# Blazor guide (Tether.Interop)

The snippets on this page come from `docs-tools/examples/Blazor.cs`, which the build compiles. They need a
browser to run: the browser tests run the same calls in the sample app on Blazor Server, Blazor WebAssembly
and a fully trimmed WebAssembly app. Every snippet assumes these `using` directives:
*)
(*** hide ***)
Snippets.csharp "Blazor.cs" "usings"
(*** include-it-raw ***)

(**
## Set-up
One `JsHandles` per circuit (Server) or per app (WebAssembly). It imports `_content/Tether.Interop/tether.js`
on first use. Options: `CallTimeout` bounds every call, `WatchDom` reports elements that leave the document,
and `Json` adds JSON contracts for your own types.

Which timeout applies: a `CallTimeout` you set applies to every call of the service, on every host. Left
unset, the app's own default applies where it has one: on Blazor Server, the circuit's
`JSInteropDefaultCallTimeout` (`AddInteractiveServerComponents(o => o.JSInteropDefaultCallTimeout = ...)`,
one minute unless the app changes it). WebAssembly's runtime has no timeout of its own, so there the default
is one minute (`JsHandlesOptions.DefaultCallTimeout`): without one, a hanging JS call would never answer.
On WebAssembly a method's promise is waited for in JS, whose timer answers `Timeout` at exactly that time.

When the circuit goes down, calls do not wait for their timeout: calls in flight and every later call answer
`Disconnected` at once (the browser tests measure under 300 ms from a closed page or a cut connection to the
answer). A Blazor Server app that installs the package gets a circuit handler compiled in that tells each
circuit's service when its connection goes down and comes back (`TetherCircuitHandler=false` in the project
leaves it out; call `ConnectionDown`/`ConnectionUp` yourself if you host circuits another way). A circuit
that ends disposes its service, which answers `Disconnected` for every call in flight.
*)
(*** hide ***)
Snippets.csharp "Blazor.cs" "setup"
(*** include-it-raw ***)

(**
## Holding and calling
`Hold<T>` and `HoldElement` answer a `JsHandle<T>`. `T` is checked by tether.js on every call: a handle
held as a `Card` used as a `Chart` answers `WrongType`, and a handle of another service (another circuit)
answers `WrongTable` without a call. `default(JsHandle<T>)` answers `Unknown`. Every call takes a
`CancellationToken`. `InvokeVoid` never sends the result back (a fluent method that returns `this` is fine);
`Invoke` and `Get` answer `NoValue` for `null`/`undefined`, and `InvokeOptional`/`GetOptional` answer `None`.
*)
(*** hide ***)
Snippets.csharp "Blazor.cs" "hold-and-call"
(*** include-it-raw ***)

(**
## Every failure is a value
Nothing escapes as an exception: not `JSDisconnectedException`, not a timeout, not a JSON mismatch.
Each cause has its own case, so a loop can stop on `Disconnected` and retry on `Timeout`:
*)
(*** hide ***)
Snippets.csharp "Blazor.cs" "errors"
(*** include-it-raw ***)

(**
| case | code | means | what to do |
|---|---|---|---|
| `HandleError.Collected` | 3 | a weakly held object was collected | forget it |
| `InteropError.Detached` | 20 | the element left the document | wait for it, or drop it |
| `InteropError.JsError` | 21 | JavaScript threw (message carried) | a bug in the call |
| `InteropError.Disconnected` | 22 | circuit closed or its connection down, page left, or service disposed | stop (on Server, a reconnected circuit answers again) |
| `InteropError.Timeout` | 23 | no answer within `CallTimeout` | retry; the circuit may be alive |
| `InteropError.Canceled` | 24 | your token canceled the call | nothing |
| `InteropError.NotInteractive` | 25 | prerendering or static rendering | call from `OnAfterRenderAsync` |
| `InteropError.Serialization` | 26 | the answer did not fit the type asked for | fix the type, or add a contract |
| `InteropError.NoValue` | 27 | `null` or `undefined` where a value was asked for | use `InvokeOptional` |

## Holding an element, and the same element twice
`HoldElement(default)` (the reference before the first render) answers `InvalidArgument` and holds nothing.
Holding the same element twice gives two independent handles: each has its own hold, is dropped on its own,
and gets its own notices.

## Detached versus Collected
- **Detached**: the element left the document. tether.js checks `isConnected` on every use, and a
  `MutationObserver` reports it at once, before any GC. The work per DOM mutation is proportional to the
  nodes the mutation added or removed, not to how many elements are held. An element that comes back is
  alive again, and a second departure sends a second notice.
- **Collected**: the JS garbage collector took a weakly held object. `FinalizationRegistry` reports it in
  batches, one interop call per batch; since the spec does not promise finalization, every use checks
  the `WeakRef` too.

Notices arrive on the `Noticed` event (every subscriber, in order) and on `handles.Notices`, a channel that
is made when first read and buffers from then on, for one reader. A service used through the event alone
buffers nothing. Notices go to a .NET object of their own (not the one `callDotNet` uses) and must carry a
token that tether.js keeps in a closure and sends through a function it took when the table was made: other
.NET callers, a client guessing object ids, and scripts that patch Blazor later cannot forge them. A script
that patched Blazor's own functions before tether.js loaded controls the page, so treat notices as advisory:
they never change a handle, and every call checks the handle's state itself. A batch that could not be
delivered (a circuit reconnecting) is sent again, with back-off, holding only handles still in that state.

## Components
`TetherComponent` gives a component a scope: everything held or exposed through `Handles` is dropped, in
one interop call, when Blazor disposes the component. Disposal never blocks the renderer's thread.
*)
(*** hide ***)
Snippets.csharp "Blazor.cs" "component"
(*** include-it-raw ***)

(**
Outside a component, `handles.OpenScope()` gives the same `JsScope`; dispose it yourself.

## The reverse direction
`handles.Expose(obj, Hold.Weak)` gives JS a number; JS calls back with `callDotNet(ref, handle, method,
...args)` from tether.js and gets `{ state, value, message }`. Only public instance methods marked
`[JSInvokable]` on that method (as Blazor reads it: not inherited) can be called, by each of its JS names:
not `GetHashCode`, not `Dispose`, not a setter, and not a method of a wider type the same object was
exposed as in another circuit. Two marked overloads with one name and arity answer an error rather than
pick one. A `Task`, `Task<T>`, `ValueTask` or `ValueTask<T>` result is awaited (off the renderer's context) before it
crosses, for at most the call timeout (then the call answers an error; the method's task runs on). A method
that blocks its thread before it returns a task is not bounded: it holds the call for as long as it blocks.
Arguments and results cross as JSON through contracts; whatever throws while they do is an error envelope,
never an exception. Weakly exposed objects that the GC collected free their slots by themselves.

The answer crosses as JSON text that Tether writes with its own generated contract (`JsHandles.CallExposed`;
`callDotNet` parses it), so a trimmed app answers every call: a trimmer removes the metadata a reflection
serializer needs for an answer object, and Blazor then drops the answer without a word. Your own parameter
and result types still need contracts in a trimmed app (`JsHandlesOptions.Json`); without one, the call answers
an error naming the type rather than hang. Where a trimmer went over the type's assembly (a trimmable library's,
Tether's and the framework's in Blazor's default partial trim, every one under `TrimMode=full`), a type no context
declares answers `Serialization` whether or not its members survived: reflection would read what is left of them,
and a type whose getters no code called would cross as `{}`, one whose setters no code called as defaults. Where
nothing was trimmed (Server, a Debug build), reflection reads it.
*)
(*** hide ***)
Snippets.csharp "Blazor.cs" "expose"
(*** include-it-raw ***)

(**
### The build names the types that need a contract
The build says which types those are before a trimmed app answers `Serialization`. `Tether.Interop` carries an
analyzer that looks at each `Expose` call (of `JsHandles` or `JsScope`, in C# or in a Razor component) and warns,
**TETHER101**, of every parameter and result type of the exposed type's callable methods (those JS can call, by
the rules above) that reflection would read from its members and that no `JsonSerializerContext` of the project
declares. The warning is at the `Expose` call and names the type, the method and the parameter:

```text
Pages/Shop.razor(14,29): warning TETHER101: 'Shop.Order' crosses the JS boundary as Shop.Buy's parameter 'order'
through reflection-based JSON; a trimmed publish may remove its members, and the call then answers Serialization.
Declare it in a JsonSerializerContext ([JsonSerializable(typeof(Shop.Order))]) and pass the context as
JsHandlesOptions.Json.
```

The fix is what it says: declare the type in a context, and pass the context (several combine into one resolver).
*)
(*** hide ***)
Snippets.csharp "Blazor.cs" "exposed-contract"
(*** include-it-raw ***)
(*** hide ***)
Snippets.csharp "Blazor.cs" "exposed-contract-setup"
(*** include-it-raw ***)

(**
When it fires: in a project that is trimmed, or says it is for trimmed apps: `PublishTrimmed` (the Blazor
WebAssembly SDK sets it in every build, so `dotnet build` warns as `dotnet publish` does), `PublishAot`,
`IsTrimmable`, `IsAotCompatible` or `EnableTrimAnalyzer`. The warning comes from the project that compiles the
`Expose` call. A Razor class library used by WebAssembly apps should set `IsTrimmable`, as any library for
trimmed apps should: it then gets the warning, and its own members are trimmed in Blazor's default (partial)
trim too; without it, its build cannot know how it will be published and says nothing. A Blazor Server app is
not trimmed and gets no warning: reflection reads the type there. In Blazor's default partial trim, an app's own
assembly keeps its members, so the call still works there until the app trims fully (`TrimMode=full`) or the
type moves into a trimmable library; the warning speaks of what a trimmed publish may do, as the SDK's own trim
warnings do.

What needs no contract: the types System.Text.Json reads with a built-in converter (numbers, `string`, `bool`,
`char`, `DateTime`, `DateTimeOffset`, `DateOnly`, `TimeOnly`, `TimeSpan`, `Guid`, `Uri`, `Version`, enums,
`object`, `JsonElement`, `JsonNode`), a type that names its own converter with `[JsonConverter]` (where
reflection is on), and arrays, nullables and the `System.Collections.Generic` lists, sets and
dictionaries of them, which JSON makes itself. A type a context declares covers what the source generator reaches
from it (public properties, `[JsonInclude]` fields and, under `IncludeFields`, public ones, but not the type of a
member `[JsonIgnore]` leaves out; elements, type arguments), and a list of it: with reflection on, only the
outermost type read from its members is named (a `List<Order>` names `Order`; a `Cart` of `Order`s names `Cart`);
other generic types are named whole (`Box<Order>`, `Queue<int>`). A `Task<T>` or `ValueTask<T>` result is `T`.

What it cannot see: an `Expose<T>` whose `T` is a type parameter where it is called (the methods are known only
where `T` is; expose the concrete type); contexts declared in referenced projects, and whether the context that
declares a type is the one passed as `JsHandlesOptions.Json`. Where you keep a type's members some other way, or
declare it in another project's context, silence it there: `<NoWarn>$(NoWarn);TETHER101</NoWarn>` or
`#pragma warning disable TETHER101`.

With reflection-based JSON switched off (`JsonSerializerIsReflectionEnabledByDefault=false`), only contracts can
be read, trimmed or not: **TETHER102** names every parameter and result type that no context covers, whole (a
`Guid`, a `List<Order>` whose `Order` alone is declared). Tether's own contracts cover `string`, `bool`, `int`,
`long`, `double`, `float`, `decimal`, `JsonElement`, the nullables of `bool`, `int`, `long` and `double`, arrays of
`string`, `int`, `long` and `double`, `List<string>`, `Dictionary<string, string>` and
`Dictionary<string, JsonElement>`.
*)

(**
## Synchronous calls on WebAssembly
On WebAssembly, .NET and JS share one thread, so a call can answer at once. After `await handles.Connect()`,
`handles.InProcess` is a `JsInProcessHandles` whose members mirror the async ones (`Hold` of a `JSObject`,
`State`, `Get`, `Invoke`, `InvokeVoid`, `Set`, `InvokeAndHold`, `Drop`, `Loosen`, `Tighten`, `Resolve`) and
answer a `Fin` straight away, through `[JSImport]` calls into tether.js: handles, states, numbers, strings and
booleans cross as themselves, with no JSON and no task. Other result types cross as JSON read with your
contracts, as on the async path. On Blazor Server (and before `Connect`) `InProcess` is
`InteropError.NotInProcess`, so a component shared by both hosting models can choose. The async members keep
working everywhere, and on WebAssembly they take the same fast path once connected.

A `JsHandle` among the arguments of `Invoke`, `InvokeVoid` or `Set` reaches JS as the object it holds; a
dropped or retyped one calls nothing and answers a `JsError` naming the argument. Only a top-level argument
crosses as a handle: one inside an array, a list, a dictionary or an object of yours is refused with
`InvalidArgument` naming where it was (`$[0].inner`: `$` is the argument list, or for `Set` the value), and
nothing is sent. Pass it as an argument of its own. `InvokeAndHold` holds a
call's result in the table (a canvas's 2D context) without bringing it across. A method that answers a promise
needs the async members: the synchronous `Invoke` says so rather than block.
*)
(*** hide ***)
Snippets.csharp "Blazor.cs" "synchronous"
(*** include-it-raw ***)

(**
The medians, against `[JSImport]` for the same JS work, are in `bench/results/browser.md`
(`dotnet fsi build.fsx bench-browser`).

## Trimming and AOT
`Tether.Core` and `Tether.Interop` are marked trimmable and AOT-compatible and build with the analyzers on:
they add no trim warning to an app. JSON goes through contracts (tether's own are source-generated; add
yours with `JsHandlesOptions.Json`), and reflection reaches only the `[JSInvokable]` methods of the types you
expose; the build warns of their parameter and result types that no contract covers (TETHER101, above). The
browser tests publish the sample with `TrimMode=full` and run it.

## The showcase
The WebAssembly sample has a page a visitor understands at a glance: six cards (DOM elements) held strongly
and weakly, each row of the handle table with its slot, generation, hold and state, buttons that take a card
out of the page, put it back or drop its handle, a button that forces a GC, and the notices as they arrive
with the time they took. `dotnet fsi build.fsx demo --browser` publishes it and serves it on 127.0.0.1; a
browser test drives it and takes this picture:

![The showcase: cards held strongly and weakly, the handle table, and the notices with their latency](img/showcase.png)

## Download size
LanguageExt.Core does not mark itself trimmable, so a WebAssembly app's default (partial) trim would ship
all of it: 1.36 MB of brotli. The package's build targets mark it trimmable, which cuts it to a fraction (its share is listed below). That
is safe for what Tether uses: LanguageExt's reflection looks for type-class instances and falls back to
.NET's defaults, and the browser tests pass on apps trimmed both ways. An app that relies on LanguageExt's
reflection itself sets `<TetherTrimLanguageExt>false</TetherTrimLanguageExt>`.

The figures below come from the build: the docs build measures tether.js, and the package test measures the
download and fails when it drifts from what this page says. Most of what is left is System.Linq.Expressions,
which LanguageExt's default equality for `Fin` and `Option` compiles at run time, so the trimmer must keep it.
*)
(*** hide ***)
Sizes.downloadSection ()
(*** include-it-raw ***)
(**
*)
