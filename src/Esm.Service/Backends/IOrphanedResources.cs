namespace Esm.Service.Backends;

/// <summary>
/// What a backend created and labelled, found by its labels alone (without the store), so that the
/// orphan sweep can remove what belongs to instances the store no longer has. Removing is the
/// sweep's decision, made only for resources labelled with this broker's store.
/// </summary>
public interface IOrphanedResources
{
    /// <summary>How often the sweep looks; zero or less turns it off.</summary>
    TimeSpan SweepInterval { get; }

    Task<bool> IsReachableAsync(CancellationToken cancellationToken);

    /// <summary>The instances that have resources labelled for this broker, each with the store identity it carries.</summary>
    Task<IReadOnlyList<LabelledInstance>> LabelledInstancesAsync(CancellationToken cancellationToken);

    /// <summary>Removes everything labelled for the instance. Idempotent.</summary>
    Task RemoveAsync(LabelledInstance instance, CancellationToken cancellationToken);
}

/// <summary>An instance's resources as their labels name them.</summary>
/// <param name="StoreIdentity">The <c>esm.store</c> label: the store the instance was recorded in; null on resources labelled before stores had identities.</param>
/// <param name="Resource">What holds them (a compose project), for the log.</param>
public sealed record LabelledInstance(string InstanceId, string? StoreIdentity, string Resource);
