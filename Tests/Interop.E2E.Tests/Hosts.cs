using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Tether.Interop.E2E;

/// <summary>Finds the repository, a free loopback port, and waits for a URL to answer.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Artifacts(string name)
    {
        var dir = Path.Combine(Root, "artifacts", name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitUntilUp(string url, TimeSpan timeout)
    {
        using var client = new HttpClient();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await client.GetAsync(url)).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{url} did not come up");
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "paket.dependencies")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}

/// <summary>The Blazor Server sample, run as its own process on loopback; its output is kept for the log checks.</summary>
public sealed class ServerHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerHost(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    public static Task<ServerHost> Start() =>
        // Development serves the packages' static web assets (_content/...) straight from the build.
        Start(Path.Combine(Repo.Root, "Interop", "Blazor.Sample.Server", "bin", "Release", "net10.0"), "Tether.Sample.Server.dll", "Development");

    /// <summary>A published (or built) server app, by its folder and dll, in the given environment.</summary>
    public static async Task<ServerHost> Start(string dir, string dll, string environment)
    {
        if (!File.Exists(Path.Combine(dir, dll)))
            throw new InvalidOperationException($"build it first (dotnet fsi build.fsx test does): {Path.Combine(dir, dll)}");
        string url = $"http://127.0.0.1:{Repo.FreePort()}";
        var info = new ProcessStartInfo("dotnet", $"{dll} --urls {url}")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        var process = Process.Start(info)!;
        var host = new ServerHost(process, url);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Repo.WaitUntilUp(url, TimeSpan.FromSeconds(60));
        return host;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// <summary>A folder of static files (the published WebAssembly sample, the docs site) served from 127.0.0.1.</summary>
public sealed class StaticHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticHost(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static Task<StaticHost> Start() => Start(Path.Combine(Repo.Root, "artifacts", "wasm-sample", "wwwroot"), spa: true);

    /// <summary>
    /// Serves a folder. <paramref name="spa"/> answers index.html for any other path (a Blazor route such as
    /// /bench); <paramref name="isolated"/> sends COOP/COEP, so the page is cross-origin isolated and its
    /// clock (performance.now) is fine-grained, as the browser benchmark needs.
    /// </summary>
    public static async Task<StaticHost> Start(string root, bool spa = false, bool isolated = false)
    {
        if (!File.Exists(Path.Combine(root, "index.html")))
            throw new InvalidOperationException($"build it first (dotnet fsi build.fsx test does): {root}");
        string url = $"http://127.0.0.1:{Repo.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        if (isolated)
        {
            app.Use(async (context, next) =>
            {
                context.Response.Headers["Cross-Origin-Opener-Policy"] = "same-origin";
                context.Response.Headers["Cross-Origin-Embedder-Policy"] = "require-corp";
                await next();
            });
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        var staticFiles = new StaticFileOptions { FileProvider = files, ServeUnknownFileTypes = true, ContentTypeProvider = new FileExtensionContentTypeProvider() };
        app.UseStaticFiles(staticFiles);
        if (spa)
            app.MapFallbackToFile("index.html", staticFiles);
        await app.StartAsync();
        return new StaticHost(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
