using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// Every path of api.yaml, aimed at the seeds with a valid body, under a method it does not
/// define: the other standard ones, HEAD, OPTIONS, TRACE, WebDAV's, and made-up tokens. The
/// answer is a 4xx (405) with an OSB error body (none to a HEAD), and nothing changes.
/// </summary>
public sealed class OddMethodTests : HostileFixture
{
    private static readonly string[] Known =
    [
        "GET", "PUT", "POST", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK",
        "UNLOCK", "SEARCH", "PURGE", "LINK", "QUERY", "get", "Delete", "pAtCh",
    ];

    private static readonly ApiOperation[] OnePerPath = [.. ApiSurface.Operations.DistinctBy(o => o.Path)];

    [Test]
    public void Methods_a_path_does_not_define_are_refused_with_an_osb_error() => Check(
        Gen.OneOf(
            Gen.Elements(Known),
            from length in Gen.Choose(1, 24)
            from letters in Gen.ArrayOf(Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZ-_!#$%&'*+.^`|~0123456789".ToCharArray()), length)
            select new string(letters)),
        method => OnePerPath
            .Where(operation => !ApiSurface.MethodsAt(operation.Path).Contains(method))
            .Select(operation => Attempt.Refused(operation.BuildValid() with { Method = method })),
        cases: 100);
}
