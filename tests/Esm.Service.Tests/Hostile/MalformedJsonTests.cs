using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// Every operation that reads a body, sent a valid body made unreadable (truncated, random bytes,
/// invalid UTF-8, unpaired surrogate escapes, structural damage) under any Content-Type: each
/// request would succeed with the body intact, so each must be refused, cleanly.
/// </summary>
public sealed class MalformedJsonTests : HostileFixture
{
    private static readonly string?[] ContentTypes =
    [
        "application/json", null, "text/plain", "application/xml", "application/json; charset=utf-16", "application/json; charset=latin1",
        "application/json; charset=bogus", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "*/*", "",
        "application/json, text/plain", "application/merge-patch+json",
    ];

    [Test]
    public void Unreadable_bodies_are_refused_with_an_osb_error() => Check(
        Gen.CollectToList(ApiSurface.WithBody, operation =>
            from body in HostileJson.Malformed(operation.ValidBody!())
            from contentType in Gen.Elements(ContentTypes)
            select WithContentType(operation.Build(body: body), contentType)),
        requests => requests.Select(Attempt.Refused),
        cases: 250);

    private static HostileRequest WithContentType(HostileRequest request, string? contentType) =>
        contentType is null ? request.WithoutHeader(HostileRequest.ContentType) : request.WithoutHeader(HostileRequest.ContentType).WithHeader(HostileRequest.ContentType, contentType);
}
