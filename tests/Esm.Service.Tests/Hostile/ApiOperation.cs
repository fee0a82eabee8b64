using System.Text;
using System.Text.Json.Nodes;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Hostile;

/// <summary>Who calls an operation: the platform (OSB, with the version header) or the operator (/v2/et).</summary>
public enum Principal
{
    Platform,
    Operator,
}

/// <summary>
/// One operation of api.yaml, with what a hostile test needs to aim at it: its slots (path and
/// query parameters) with the values that hit the seeds, the slots that name what a mutation acts
/// on, and its valid and doomed bodies.
/// </summary>
/// <param name="Path">The path template, e.g. /v2/service_instances/{instance_id}.</param>
/// <param name="Query">Each query parameter with the value that hits the seeds; null leaves it out.</param>
/// <param name="Targets">The slots naming what a mutation acts on: with a hostile value in one, it acts on nothing.</param>
public sealed record ApiOperation(
    string Name,
    string Method,
    string Path,
    Principal Principal,
    IReadOnlyDictionary<string, string?> Query,
    IReadOnlyList<string> Targets,
    Func<JsonObject>? ValidBody = null,
    Func<JsonObject>? DoomedBody = null)
{
    public const string VersionHeader = "X-Broker-API-Version";
    public const string IdentityHeader = "X-Broker-API-Originating-Identity";

    public bool Mutates => Method != HttpMethod.Get.Method;

    public bool HasBody => ValidBody is not null;

    /// <summary>Whether the endpoint reads X-Broker-API-Originating-Identity (every OSB one but the catalog).</summary>
    public bool ReadsOriginatingIdentity => Principal == Principal.Platform && Name != "GetCatalog";

    public IReadOnlyList<string> PathSlots { get; } = [.. Path.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'))];

    public IEnumerable<string> Slots => PathSlots.Concat(Query.Keys);

    /// <summary>The value of a path slot that hits the seeds; a creating operation gets a fresh id instead.</summary>
    public string SeedValue(string pathSlot) => (Name, pathSlot) switch
    {
        ("Provision", "instance_id") => $"fresh-{Guid.NewGuid():N}",
        ("Bind", "binding_id") => $"fresh-{Guid.NewGuid():N}",
        (_, "instance_id") => Seeds.Instance,
        (_, "binding_id") => Seeds.Binding,
        (_, "manifest_id") => Seeds.Manifest,
        _ => throw new ArgumentOutOfRangeException(nameof(pathSlot), pathSlot, null),
    };

    /// <summary>
    /// The request with the given slot values (already escaped as they should go on the wire;
    /// absent slots get their seed values), the principal's credentials and, for the platform,
    /// the version header.
    /// </summary>
    public HostileRequest Build(IReadOnlyDictionary<string, string>? wireValues = null, byte[]? body = null)
    {
        wireValues ??= new Dictionary<string, string>();
        var target = new StringBuilder(Path);
        foreach (var slot in PathSlots)
        {
            target.Replace($"{{{slot}}}", wireValues.TryGetValue(slot, out var value) ? value : Uri.EscapeDataString(SeedValue(slot)));
        }

        var query = Query
            .Select(q => (q.Key, Value: wireValues.TryGetValue(q.Key, out var value) ? value : q.Value is null ? null : Uri.EscapeDataString(q.Value)))
            .Where(q => q.Value is not null)
            .Select(q => $"{q.Key}={q.Value}")
            .ToList();
        if (query.Count > 0)
        {
            target.Append('?').AppendJoin('&', query);
        }

        List<KeyValuePair<string, string>> headers = Principal == Principal.Platform
            ? [new("Authorization", HostileRequest.Basic(BrokerFactory.PlatformUser, BrokerFactory.PlatformPassword)), new(VersionHeader, "2.17")]
            : [new("Authorization", HostileRequest.Basic(BrokerFactory.OperatorUser, BrokerFactory.OperatorPassword))];
        if (body is not null)
        {
            headers.Add(new(HostileRequest.ContentType, "application/json"));
        }

        return new HostileRequest(Method, target.ToString(), headers, body);
    }

    /// <summary>The request that succeeds on the seeds.</summary>
    public HostileRequest BuildValid() => Build(body: ValidBody is null ? null : Encoding.UTF8.GetBytes(ValidBody().ToJsonString()));

    /// <summary>The request with the doomed body (body operations only), aimed at the seeds.</summary>
    public HostileRequest BuildDoomed(IReadOnlyDictionary<string, string>? wireValues = null) =>
        Build(wireValues, DoomedBody is null ? null : Encoding.UTF8.GetBytes(DoomedBody().ToJsonString()));

    public override string ToString() => $"{Name} ({Method} {Path})";
}
