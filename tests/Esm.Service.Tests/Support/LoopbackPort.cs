using System.Net;
using System.Net.Sockets;

namespace Esm.Service.Tests.Support;

/// <summary>A TCP port on 127.0.0.1 that nothing listens on: for a server to take, or for a client to fail against.</summary>
public static class LoopbackPort
{
    /// <summary>The kernel's pick of a free port, released again.</summary>
    public static int Unused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
