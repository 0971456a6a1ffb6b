// A consumer of the shipped Tether.Interop package: a Blazor WebAssembly app that registers JsHandles.
using Consumer;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Tether.Interop;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.Services.AddTether();
await builder.Build().RunAsync();
