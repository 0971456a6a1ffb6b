// Blazor WebAssembly host of the probe page: .NET itself runs as Wasm in the browser.
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Tether.Interop;
using Tether.Sample;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<Routes>("#app");
builder.Services.AddTether();
await builder.Build().RunAsync();
