using System.Net.Sockets;
using System.Text;
using Esm.Service.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// The in-process test server skips the real HTTP server, which has rules of its own: it lets
/// some bytes through in request headers that it refuses in responses, and refuses malformed
/// requests itself. So the broker runs as a process here, and raw bytes (controls, DEL, Latin-1,
/// UTF-8, invalid UTF-8, NUL) go in the request identity (which is echoed), the version header,
/// the credentials, the originating identity and a path segment. No answer is a 5xx; one with
/// a body is an OSB error; an empty 400 is the server refusing malformed HTTP before the broker
/// sees it, as it must.
/// </summary>
public sealed class KestrelHostileBytesTests
{
    private static readonly string[] Slots = ["request identity", "version", "credentials", "originating identity", "path"];

    private BrokerProcess _broker = null!;

    [OneTimeSetUp]
    public async Task StartBrokerAsync() =>
        _broker = await BrokerProcess.StartAsync(new Dictionary<string, string> { ["ESM_AUTH_FAILURES_PER_MINUTE"] = "1000000" });

    [OneTimeTearDown]
    public async Task StopBrokerAsync() => await _broker.DisposeAsync();

    [Test]
    public void Raw_bytes_in_headers_and_paths_never_get_a_5xx()
    {
        var bytes = Gen.Frequency(
            (8, Gen.Choose(0x20, 0x7e)),
            (2, Gen.Elements(0x00, 0x01, 0x08, 0x09, 0x0b, 0x1b, 0x7f)),
            (3, Gen.Choose(0x80, 0xff))).Select(b => (byte)b);
        var values = from length in Gen.Choose(1, 40)
                     from value in Gen.ArrayOf(bytes, length)
                     select value;
        Prop.ForAll(Arb.From(values), async value =>
        {
            foreach (var slot in Slots)
            {
                var request = RawRequest(slot, value);
                HostileInputTally.Count();
                var (status, body) = await SendAsync(request);
                var description = $"{slot} = [{Convert.ToHexString(value)}] -> {status} {body}";
                Assert.That(status, Is.LessThan(500), description);
                if (status >= 400)
                {
                    var problem = body.Length == 0 ? (status == 400 ? null : "only the server's own 400 may be empty") : CleanRefusal.ProblemWithErrorBody(body);
                    Assert.That(problem, Is.Null, description);
                }
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true));
    }

    private static byte[] RawRequest(string slot, byte[] value)
    {
        var authorization = Encoding.ASCII.GetBytes(HostileRequest.Basic(BrokerFactory.PlatformUser, BrokerFactory.PlatformPassword));
        byte[] path = [.. "/v2/service_instances/"u8, .. slot == "path" ? value : "x"u8.ToArray(), .. "/last_operation"u8];
        var request = new List<byte>();
        request.AddRange([.. "GET "u8, .. path, .. " HTTP/1.0\r\n"u8]);
        request.AddRange([.. "Authorization: "u8, .. slot == "credentials" ? [.. "Basic "u8, .. value] : authorization, .. "\r\n"u8]);
        request.AddRange([.. "X-Broker-API-Version: "u8, .. slot == "version" ? value : "2.17"u8.ToArray(), .. "\r\n"u8]);
        if (slot == "request identity")
        {
            request.AddRange([.. "X-Broker-API-Request-Identity: "u8, .. value, .. "\r\n"u8]);
        }

        if (slot == "originating identity")
        {
            request.AddRange([.. "X-Broker-API-Originating-Identity: cloudfoundry "u8, .. value, .. "\r\n"u8]);
        }

        request.AddRange("\r\n"u8);
        return [.. request];
    }

    /// <summary>Sends one HTTP/1.0 request (answered unchunked, then closed) and reads the status and the body.</summary>
    private async Task<(int Status, string Body)> SendAsync(byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_broker.Address.Host, _broker.Address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        using var response = new MemoryStream();
        await stream.CopyToAsync(response);
        var text = Encoding.UTF8.GetString(response.ToArray());
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (int.Parse(text.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture), headerEnd < 0 ? string.Empty : text[(headerEnd + 4)..]);
    }
}
