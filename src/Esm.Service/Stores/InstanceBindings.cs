using Esm.Service.Model;

namespace Esm.Service.Stores;

/// <summary>
/// The rule that ties records of two collections: a binding never outlives its instance. No store
/// here changes two records in one atomic write (the MongoDB emulator CI runs has no transactions),
/// so the rule is an order of single-record compare-and-sets that settles every race, on every
/// store and across replicas:
/// <list type="bullet">
/// <item>a binding is written first, and only then is its instance read: the write stands only if
/// the instance still holds bindings of the binding's incarnation; otherwise it is taken back;</item>
/// <item>a deprovision first marks its instance (<see cref="InstanceState.Deprovisioning"/>, a
/// compare-and-set), and only then deletes every binding stored under the id.</item>
/// </list>
/// Either the binding's check reads the mark, and takes the binding back; or it read the instance
/// before the mark, so the binding was written before the mark too, and the deprovision's sweep,
/// which comes after its mark, finds it and deletes it.
/// </summary>
public static class InstanceBindings
{
    /// <summary>
    /// Stores <paramref name="binding"/> under its instance: inserted, or written over the record at
    /// <paramref name="replacedVersion"/> (a deleted or stale binding of the same key).
    /// </summary>
    public static async Task<BindingWrite> TryStoreAsync(this IStore store, ServiceBindingRecord binding, long? replacedVersion, CancellationToken cancellationToken)
    {
        var stored = replacedVersion is { } version
            ? await store.Bindings.TryReplaceAsync(binding with { Version = version }, cancellationToken)
            : await store.Bindings.TryInsertAsync(binding, cancellationToken);
        if (stored is null)
        {
            return BindingWrite.Conflict;
        }

        // From here on the write must be settled either way: a cancelled request must not leave
        // a binding that nobody checked.
        var instance = await store.Instances.GetAsync(binding.InstanceId, CancellationToken.None);
        if (instance?.HoldsBindingsOf(binding.InstanceIncarnation) == true)
        {
            return BindingWrite.Stored(stored);
        }

        await DeleteAsync(store, stored);
        return BindingWrite.Gone;
    }

    /// <summary>
    /// Deletes every binding stored under <paramref name="instanceId"/>, whatever its state or
    /// incarnation. A deprovision runs it once it has marked its instance.
    /// </summary>
    /// <param name="deleting">Told of each binding before it is deleted (to halt its operation).</param>
    public static async Task DeleteAllAsync(this IStore store, string instanceId, Action<ServiceBindingRecord> deleting, CancellationToken cancellationToken)
    {
        await foreach (var binding in store.Bindings.EnumerateAsync(RecordQuery.Matching(IndexedField.InstanceId, instanceId), cancellationToken))
        {
            deleting(binding);
            await DeleteAsync(store, binding);
        }
    }

    /// <summary>Deletes the record whatever it became meanwhile (an unbind may have changed it).</summary>
    private static async Task DeleteAsync(IStore store, ServiceBindingRecord binding)
    {
        var current = binding;
        while (current is not null && !await store.Bindings.TryDeleteAsync(current.Key, current.Version, CancellationToken.None))
        {
            current = await store.Bindings.GetAsync(current.Key, CancellationToken.None);
        }
    }
}

/// <summary>What <see cref="InstanceBindings.TryStoreAsync"/> did.</summary>
/// <param name="Record">The binding as stored, when it was.</param>
/// <param name="InstanceGone">The instance no longer holds the binding's incarnation (deprovisioned, or provisioned again): nothing was kept.</param>
public readonly record struct BindingWrite(ServiceBindingRecord? Record, bool InstanceGone)
{
    /// <summary>The key was taken, or the replaced record changed: read it again.</summary>
    public static BindingWrite Conflict => default;

    public static BindingWrite Gone => new(null, true);

    public static BindingWrite Stored(ServiceBindingRecord record) => new(record, false);
}
