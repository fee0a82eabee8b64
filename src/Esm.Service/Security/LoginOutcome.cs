namespace Esm.Service.Security;

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
