using AuthorApp.Story;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Tether.Interop;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<StoryPage>("#app");
// A 3 s call timeout, so the story's hanging calls end quickly.
builder.Services.AddTether(options => options with { CallTimeout = TimeSpan.FromSeconds(3) });
await builder.Build().RunAsync();
