using System.Net;
using System.Net.Sockets;

namespace Esm.Service.Tests.Support;

/// <summary>
/// A port on 127.0.0.1 that forwards every connection to a server, until it is stopped: then the
/// server is gone for whoever connected through it, as when a network between them breaks.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopped = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;

    public TcpForwarder(string host, int port)
    {
        _listener.Start();
        _accepting = AcceptAsync(host, port);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Closes the port and every connection made through it.</summary>
    public async Task StopAsync()
    {
        await _stopped.CancelAsync();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stopped.Dispose();
    }

    private async Task AcceptAsync(string host, int port)
    {
        while (!_stopped.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopped.Token);
            var server = new TcpClient();
            lock (_connections)
            {
                _connections.Add(client);
                _connections.Add(server);
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await server.ConnectAsync(host, port, _stopped.Token);
                    await Task.WhenAny(
                        client.GetStream().CopyToAsync(server.GetStream(), _stopped.Token),
                        server.GetStream().CopyToAsync(client.GetStream(), _stopped.Token));
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                }
                finally
                {
                    client.Dispose();
                    server.Dispose();
                }
            });
        }
    }
}
