using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Esm.Service.Backends;
using Esm.Service.Catalog;
using Esm.Service.Failures;
using Esm.Service.Model;
using Esm.Service.Stores;

namespace Esm.Service.Broker;

/// <summary>What operators see of instances (/v2/et/service_instances): pages of them, and one with its bindings and its backend's live view.</summary>
public sealed class InstanceInventory(IStore store, ICatalogProvider catalog, BackendRegistry backends, ILogger<InstanceInventory> logger)
{
    public const int DefaultPageSize = 100;
    public const int MaximumPageSize = 500;

    /// <summary>One page of live instances, filtered by offering and plan; the token continues after it (null on the last page).</summary>
    /// <param name="pageToken">A token this broker issued with the previous page.</param>
    public async Task<(IReadOnlyList<ServiceInstanceRecord> Instances, string? NextPageToken)> PageAsync(
        string? serviceId, string? planId, int? pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaximumPageSize)
        {
            throw new BrokerException(BrokerFailure.BadRequest, $"page_size must be between 1 and {MaximumPageSize}.");
        }

        var where = new Dictionary<string, string> { [IndexedField.Live] = "true" };
        if (serviceId is not null)
        {
            where[IndexedField.ServiceId] = serviceId;
        }

        if (planId is not null)
        {
            where[IndexedField.PlanId] = planId;
        }

        var page = await store.Instances.ListAsync(new RecordQuery(where, AfterKeyOf(pageToken), size), cancellationToken);
        return (page.Items, page.NextAfterKey is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page.NextAfterKey)));
    }

    /// <summary>A live instance, its bindings (the current incarnation's; never deleted ones) and what its backend says of it.</summary>
    public async Task<(ServiceInstanceRecord Instance, IReadOnlyList<ServiceBindingRecord> Bindings, JsonObject Live)> DetailAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await store.Instances.GetAsync(instanceId, cancellationToken);
        if (instance is null || instance.State == InstanceState.Deleted)
        {
            throw new BrokerException(BrokerFailure.NotFound, $"Instance '{instanceId}' does not exist.");
        }

        var bindings = await store.Bindings.ListAsync(RecordQuery.Matching(IndexedField.InstanceId, instanceId, MaximumPageSize), cancellationToken);
        return (
            instance,
            [.. bindings.Items.Where(b => b.State != BindingState.Deleted && b.InstanceIncarnation == instance.Incarnation)],
            await LiveViewAsync(instance, cancellationToken));
    }

    /// <summary>The backend's view; a backend that cannot answer is reported in it, not as a failed request.</summary>
    private async Task<JsonObject> LiveViewAsync(ServiceInstanceRecord instance, CancellationToken cancellationToken)
    {
        var plan = catalog.Current.FindPlan(instance.PlanId);
        if (plan is null)
        {
            return new() { ["error"] = $"The plan '{instance.PlanId}' is no longer in the catalog." };
        }

        try
        {
            return await backends.For(plan.Manifest.ManifestType).DescribeAsync(instance, plan.Manifest, cancellationToken);
        }
        catch (Exception e) when (e is BackendException or TimeoutException or IOException)
        {
            logger.LogWarning("The live view of instance {InstanceId} failed: {Reason}", instance.InstanceId, e.Message);
            return new() { ["error"] = e.Message };
        }
    }

    private static string? AfterKeyOf(string? token)
    {
        if (token is null)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new BrokerException(BrokerFailure.BadRequest, "page_token is not a token this broker issued.");
        }
    }
}
