namespace Esm.Service.Tests.Hostile;

/// <summary>
/// A hostile request, whether it is built so that it cannot succeed (then only a 4xx is right),
/// and the status it must get when one is known.
/// </summary>
public sealed record Attempt(HostileRequest Request, bool MustBeRefused, int? ExpectedStatus = null)
{
    /// <summary>A request that may be answered 2xx (a read, or a hostile value the broker may accept), but never 5xx.</summary>
    public static Attempt MayPass(HostileRequest request) => new(request, MustBeRefused: false);

    public static Attempt Refused(HostileRequest request) => new(request, MustBeRefused: true);

    public static Attempt RefusedWith(HostileRequest request, int status) => new(request, MustBeRefused: true, status);
}
