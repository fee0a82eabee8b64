namespace Esm.Service.Security;

/// <summary>What the Authorization header of a request proved.</summary>
/// <param name="Outcome">Whether it named a principal, and which.</param>
/// <param name="ConfiguredUser">
/// On a failed login, the user name it gave if that is one of the configured ones: only such a
/// name may be logged, anything else in the user field may be a password typed in the wrong place.
/// </param>
public readonly record struct LoginAttempt(LoginOutcome Outcome, string? ConfiguredUser = null)
{
    /// <summary>The role proved, or null when no principal was.</summary>
    public string? Role => Outcome switch
    {
        LoginOutcome.Platform => BrokerRoles.Platform,
        LoginOutcome.Operator => BrokerRoles.Operator,
        _ => null,
    };

    /// <summary>Credentials were sent and were wrong: a guess, which the failed-login limit counts.</summary>
    public bool Failed => Outcome is LoginOutcome.Malformed or LoginOutcome.Wrong;
}

/// <summary>The outcome of checking the HTTP Basic credentials of a request.</summary>
public enum LoginOutcome
{
    /// <summary>No Basic credentials at all: a Platform asking what to send, not a guess.</summary>
    Absent,

    /// <summary>Basic, but not valid base64.</summary>
    Malformed,

    /// <summary>A user and password that match no principal.</summary>
    Wrong,

    Platform,

    Operator,
}
