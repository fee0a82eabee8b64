namespace Esm.Client;

/// <summary>
/// A response the operation does not succeed with (or could not read). The generator's own class
/// would say "Response:" and nothing after it for an OSB error body, which it has already read
/// into <see cref="BrokerApiException{TResult}.Result"/>: this one's message names the status and
/// what the broker said (its OSB <c>error</c> and <c>description</c>, or the body's first 512 characters).
/// </summary>
public class BrokerApiException : Exception
{
    private const int ShownResponseLength = 512;

    /// <summary>Made by the generated clients: the contract's text for the status, the status, the body as text.</summary>
    public BrokerApiException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? innerException)
        : this(message, statusCode, response, headers, innerException, detail: response)
    {
    }

    private protected BrokerApiException(
        string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? innerException, string? detail)
        : base(Describe(message, statusCode, detail), innerException)
    {
        StatusCode = statusCode;
        Response = response;
        Headers = headers;
    }

    /// <summary>The HTTP status of the response.</summary>
    public int StatusCode { get; }

    /// <summary>The response body as text, when it was read as text (an OSB error body is read into <c>Result</c> instead).</summary>
    public string? Response { get; }

    /// <summary>The response's headers (Retry-After, for one).</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

    private static string Describe(string message, int statusCode, string? detail) =>
        string.IsNullOrWhiteSpace(detail)
            ? $"HTTP {statusCode}: {message}"
            : $"HTTP {statusCode}: {message} {(detail.Length > ShownResponseLength ? detail[..ShownResponseLength] + "..." : detail)}";
}

/// <summary>A response with a documented body, most often the OSB <see cref="Error"/>, in <see cref="Result"/>.</summary>
public class BrokerApiException<TResult> : BrokerApiException
{
    /// <summary>Made by the generated clients, with the body read as the documented type.</summary>
    public BrokerApiException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>> headers, TResult result, Exception? innerException)
        : base(message, statusCode, response, headers, innerException, detail: result is Error error ? Describe(error) : response)
    {
        Result = result;
    }

    /// <summary>The body the contract documents for this status.</summary>
    public TResult Result { get; }

    private static string Describe(Error error) =>
        error.Error1 is { Length: > 0 } name ? $"{name}: {error.Description}" : error.Description ?? string.Empty;
}
