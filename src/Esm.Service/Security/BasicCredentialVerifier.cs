using System.Security.Cryptography;
using System.Text;

namespace Esm.Service.Security;

/// <summary>
/// Checks HTTP Basic credentials against the platform and the operator. User and password are
/// compared in constant time over their SHA-256 hashes, so neither content nor length leaks
/// through timing; both principals are always compared, so timing does not tell which one was
/// tried either. The configured side is hashed once, at start; the given side once per request.
/// </summary>
public sealed class BasicCredentialVerifier
{
    private const string Scheme = "Basic ";

    /// <summary>Decoded credentials up to this size are decoded on the stack.</summary>
    private const int StackDecodedBytes = 512;

    private readonly Principal _platform;
    private readonly Principal _operator;
    private readonly string? _platformUser;
    private readonly string? _operatorUser;

    public BasicCredentialVerifier(BrokerCredentials credentials)
    {
        _platform = Principal.Of(credentials.BrokerUsername, credentials.BrokerPassword);
        _operator = Principal.Of(credentials.AdminUsername, credentials.AdminPassword);
        _platformUser = credentials.BrokerUsername;
        _operatorUser = credentials.AdminUsername;
    }

    /// <param name="authorization">The Authorization header of the request, if any.</param>
    public LoginAttempt Verify(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return new LoginAttempt(LoginOutcome.Absent);
        }

        var encoded = authorization.AsSpan(Scheme.Length).Trim();
        var capacity = (encoded.Length / 4 * 3) + 3;
        var decoded = capacity <= StackDecodedBytes ? stackalloc byte[StackDecodedBytes] : new byte[capacity];
        if (!Convert.TryFromBase64Chars(encoded, decoded, out var length))
        {
            return new LoginAttempt(LoginOutcome.Malformed);
        }

        // ':' is ASCII, so the first ':' byte is the first ':' of the UTF-8 text: the user name cannot hold one.
        var credentials = decoded[..length];
        var separator = credentials.IndexOf((byte)':');
        var user = separator < 0 ? credentials : credentials[..separator];
        var password = separator < 0 ? [] : credentials[(separator + 1)..];
        Span<byte> userHash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> passwordHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(user, userHash);
        SHA256.HashData(password, passwordHash);

        var platform = _platform.Matches(userHash, passwordHash);
        var @operator = _operator.Matches(userHash, passwordHash);
        if (platform)
        {
            return new LoginAttempt(LoginOutcome.Platform);
        }

        if (@operator)
        {
            return new LoginAttempt(LoginOutcome.Operator);
        }

        var given = Encoding.UTF8.GetString(user);
        return new LoginAttempt(LoginOutcome.Wrong, given == _platformUser || given == _operatorUser ? given : null);
    }

    /// <summary>The hashes of one principal's user name and password; one that is not configured matches nothing.</summary>
    private sealed class Principal(bool configured, byte[] userHash, byte[] passwordHash)
    {
        public static Principal Of(string? user, string? password) => new(
            user is not null && password is not null,
            SHA256.HashData(Encoding.UTF8.GetBytes(user ?? string.Empty)),
            SHA256.HashData(Encoding.UTF8.GetBytes(password ?? string.Empty)));

        // Non-short-circuiting '&': both comparisons always run, whatever the first one found.
        public bool Matches(ReadOnlySpan<byte> givenUserHash, ReadOnlySpan<byte> givenPasswordHash) =>
            configured
            & CryptographicOperations.FixedTimeEquals(givenUserHash, userHash)
            & CryptographicOperations.FixedTimeEquals(givenPasswordHash, passwordHash);
    }
}
