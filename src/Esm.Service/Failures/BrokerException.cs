namespace Esm.Service.Failures;

/// <summary>A refused request: what kind of failure, and a description a person can act on.</summary>
public sealed class BrokerException(BrokerFailure failure, string description) : Exception(description)
{
    public BrokerFailure Failure { get; } = failure;

    public string Description { get; } = description;

    /// <summary>For failed updates and deprovisions only.</summary>
    public bool? InstanceUsable { get; init; }

    /// <summary>For failed updates only.</summary>
    public bool? UpdateRepeatable { get; init; }
}
