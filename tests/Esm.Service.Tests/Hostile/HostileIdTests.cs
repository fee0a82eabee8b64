using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// A hostile id (path-like, unicode, control characters, near-copies of the seeds, very long) in
/// every path segment and every query parameter of every operation, escaped, raw or escaped
/// twice. Reads may answer anything but a 5xx. Mutations act on nothing: the body is the doomed
/// one, or a slot naming what they act on holds the hostile id (escaped so that it stays in its
/// segment: a raw "../" would rightly reach another resource), so they must be refused.
/// </summary>
public sealed class HostileIdTests : HostileFixture
{
    [Test]
    public void Hostile_ids_in_every_path_segment_and_query_parameter_are_answered_cleanly() => Check(
        from id in HostileText.Id
        from encoding in Gen.Elements(WireEncoding.Escaped, WireEncoding.Raw, WireEncoding.DoubleEscaped)
        select (Id: id, Encoding: encoding),
        input => ApiSurface.Operations.SelectMany(operation => Attempts(operation, input.Id, input.Encoding)),
        cases: 200);

    private static IEnumerable<Attempt> Attempts(ApiOperation operation, string id, WireEncoding encoding)
    {
        foreach (var slot in operation.Slots)
        {
            var values = new Dictionary<string, string> { [slot] = Wire.Encode(id, EncodingIn(operation, slot, id, encoding)) };
            if (operation.Mutates && !operation.HasBody && !operation.Targets.Contains(slot))
            {
                var target = operation.Targets[0];
                values[target] = Wire.Encode(id, EncodingIn(operation, target, id, WireEncoding.DoubleEscaped));
            }

            yield return operation.Mutates
                ? Attempt.Refused(operation.HasBody ? operation.BuildDoomed(values) : operation.Build(values))
                : Attempt.MayPass(operation.Build(values));
        }
    }

    /// <summary>The encoding asked for, unless the value would then not reach the broker, or would let a mutation reach another resource.</summary>
    private static WireEncoding EncodingIn(ApiOperation operation, string slot, string id, WireEncoding wanted)
    {
        var inPath = operation.PathSlots.Contains(slot);
        var targeted = operation.Mutates && !operation.HasBody;
        var safe = inPath
            ? Wire.ReachesBroker(id, wanted) && (!targeted || Wire.StaysInSegment(id, wanted))
            : !targeted || wanted != WireEncoding.Raw;
        return safe ? wanted : WireEncoding.DoubleEscaped;
    }
}
