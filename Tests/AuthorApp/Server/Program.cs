using AuthorApp.Server.Components;
using Tether.Interop;

var builder = WebApplication.CreateBuilder(args);
// The app's own interop timeout: Tether keeps it, since the app sets no CallTimeout of Tether's.
builder.Services.AddRazorComponents().AddInteractiveServerComponents(options => options.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(3));
builder.Services.AddTether();

var app = builder.Build();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode()
    .AddAdditionalAssemblies(typeof(AuthorApp.Story.StoryPage).Assembly);
app.Run();
