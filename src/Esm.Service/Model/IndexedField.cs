namespace Esm.Service.Model;

/// <summary>The names of the indexed fields that records expose to queries.</summary>
public static class IndexedField
{
    public const string ServiceId = "service_id";
    public const string PlanId = "plan_id";
    public const string InstanceId = "instance_id";
    public const string Name = "name";

    /// <summary>
    /// "true" while the record has an operation in progress, absent otherwise: the worker looks
    /// only for "true", and an index entry for each finished record would cost every write a
    /// page and select nothing.
    /// </summary>
    public const string HasPendingOperation = "pending";

    /// <summary>"false" for a deleted instance kept only to answer 410.</summary>
    public const string Live = "live";

    /// <summary>
    /// The pending field a record holds while <paramref name="inProgress"/>; none when it is not.
    /// </summary>
    public static KeyValuePair<string, string>[] PendingWhile(bool inProgress) =>
        inProgress ? [new(HasPendingOperation, "true")] : [];

    /// <summary>
    /// Whether nearly every record holds <paramref name="field"/> with the same value, so that an
    /// index entry per record would cost each write a page to select almost nothing. A store may
    /// match such a field by reading the records that its other conditions, or key order, give.
    /// </summary>
    public static bool IsUnselective(string field) => field == Live;
}
