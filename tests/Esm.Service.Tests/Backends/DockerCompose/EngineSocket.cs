using System.Net.Sockets;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>
/// A Unix socket a single broker uses as its DOCKER_HOST, to take its engine away without
/// touching the engine itself (other tests keep using it): it either relays every connection to
/// the real engine until <see cref="Stop"/>, or accepts connections and never answers (a hung engine).
/// </summary>
public sealed class EngineSocket : IDisposable
{
    private const string EnginePath = "/var/run/docker.sock";

    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly List<Socket> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly bool _relays;

    private EngineSocket(bool relays, string? path = null)
    {
        _relays = relays;
        Path = path ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"esm-engine-{Guid.NewGuid():N}.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen(64);
        _ = AcceptAsync();
    }

    public string Path { get; }

    /// <summary>The DOCKER_HOST value that points at this socket.</summary>
    public string DockerHost => $"unix://{Path}";

    public static EngineSocket RelayingToTheEngine() => new(relays: true);

    /// <summary>The engine coming back where a disposed relay was: a broker's DOCKER_HOST answers again.</summary>
    public static EngineSocket RelayingToTheEngineAt(string path) => new(relays: true, path);

    public static EngineSocket Silent() => new(relays: false);

    /// <summary>From now on the engine is gone: open connections break, new ones are refused.</summary>
    public void Stop()
    {
        _stopping.Cancel();
        _listener.Close();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Close();
            }
        }
    }

    public void Dispose()
    {
        Stop();
        File.Delete(Path);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var client = await _listener.AcceptAsync(_stopping.Token);
                Track(client);
                if (_relays)
                {
                    var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await engine.ConnectAsync(new UnixDomainSocketEndPoint(EnginePath), _stopping.Token);
                    Track(engine);
                    _ = PumpAsync(client, engine);
                    _ = PumpAsync(engine, client);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private void Track(Socket socket)
    {
        lock (_connections)
        {
            _connections.Add(socket);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, _stopping.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), _stopping.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // One side closed or the relay stopped.
        }
    }
}
