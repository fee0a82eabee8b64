namespace Esm.Service.Model;

/// <summary>The names of the indexed fields that records expose to queries.</summary>
public static class IndexedField
{
    public const string ServiceId = "service_id";
    public const string PlanId = "plan_id";
    public const string InstanceId = "instance_id";
    public const string Name = "name";

    /// <summary>"true" while the record has an operation in progress; the worker resumes these.</summary>
    public const string HasPendingOperation = "pending";

    /// <summary>"false" for a deleted instance kept only to answer 410.</summary>
    public const string Live = "live";
}
