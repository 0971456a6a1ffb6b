using System.Threading.Tasks;
using Microsoft.Playwright;

namespace Tether.Interop.E2E;

/// <summary>Debian's Chromium, headless, with the JS GC exposed (window.gc) for the Collected checks.</summary>
public static class Chromium
{
    public static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--js-flags=--expose-gc",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> Launch()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = Flags,
        });
        return (playwright, browser);
    }
}
