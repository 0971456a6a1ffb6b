using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Tether.Interop.E2E;

/// <summary>
/// A TCP proxy on the loopback interface in front of a server, whose connections can be cut at once: the
/// network going away under a live circuit. After the cut it accepts nothing more, so the client cannot reconnect.
/// </summary>
public sealed class CuttableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly ConcurrentBag<TcpClient> _connections = [];
    private readonly CancellationTokenSource _stop = new();

    private CuttableProxy(TcpListener listener, IPEndPoint target)
    {
        _listener = listener;
        _target = target;
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public static CuttableProxy Start(Uri target)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var proxy = new CuttableProxy(listener, new IPEndPoint(IPAddress.Loopback, target.Port));
        _ = proxy.Accept();
        return proxy;
    }

    private async Task Accept()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
            }
            catch (Exception)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            _connections.Add(client);
            _connections.Add(server);
            _ = Pump(client.GetStream(), server.GetStream());
            _ = Pump(server.GetStream(), client.GetStream());
        }
    }

    private async Task Pump(NetworkStream from, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to, _stop.Token);
        }
        catch (Exception)
        {
            // cut, or closed by either side
        }
    }

    /// <summary>Cuts every connection (a reset, as a dropped network gives) and accepts no more.</summary>
    public void Cut()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var connection in _connections)
        {
            try
            {
                connection.Client.LingerState = new LingerOption(true, 0); // RST, not a graceful close
                connection.Dispose();
            }
            catch (Exception)
            {
                // already gone
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
