using System.Net.Http.Headers;
using System.Text;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// One raw request, as hostile as it likes: any method, any target (already escaped, or not),
/// headers that may repeat, and body bytes that need not be JSON, UTF-8 or small.
/// </summary>
public sealed record HostileRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body = null, bool Chunked = false)
{
    public const string ContentType = "Content-Type";

    /// <summary>What a failure report shows: method, target, headers and the start of the body.</summary>
    public override string ToString()
    {
        var headers = string.Join(", ", Headers.Select(h => $"{h.Key}: {Shorten(h.Value, 120)}"));
        var body = Body is null ? "no body" : $"{Body.Length} bytes{(Chunked ? " chunked" : string.Empty)}: {Shorten(Encoding.UTF8.GetString(Body), 200)}";
        return $"{Method} {Shorten(Target, 300)} [{headers}] {body}";
    }

    public HostileRequest WithHeader(string name, string value) => this with { Headers = [.. Headers, new(name, value)] };

    public HostileRequest WithoutHeader(string name) =>
        this with { Headers = [.. Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))] };

    /// <summary>The request as HttpClient sends it; headers are added without validation, so odd values go as they are.</summary>
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Target, UriKind.Relative));
        if (Body is not null)
        {
            message.Content = Chunked ? new StreamContent(new MemoryStream(Body)) : new ByteArrayContent(Body);
        }

        foreach (var (name, value) in Headers)
        {
            if (name.Equals(ContentType, StringComparison.OrdinalIgnoreCase))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (Chunked)
        {
            message.Headers.TransferEncodingChunked = true;
        }

        return message;
    }

    /// <summary>A Basic Authorization value for a user and password.</summary>
    public static string Basic(string user, string password) =>
        new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))).ToString();

    private static string Shorten(string text, int length) => text.Length <= length ? text : $"{text[..length]}... ({text.Length} chars)";
}
