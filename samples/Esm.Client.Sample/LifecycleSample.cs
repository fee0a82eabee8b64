using Esm.Client;

namespace Esm.Client.Sample;

/// <summary>
/// What a Platform does with a broker, start to end, through the generated client: read the
/// catalog, provision (polling when the broker answers 202), bind, update, unbind, deprovision.
/// </summary>
public static class LifecycleSample
{
    public static async Task RunAsync(Uri broker, string username, string password, string serviceName, string planName, TextWriter log)
    {
        using var http = BrokerHttpClient.Create(broker, username, password);
        var catalog = await new CatalogClient(http).GetCatalogAsync();
        var service = catalog.Result.Services.Single(s => s.Name == serviceName);
        var plan = service.Plans.Single(p => p.Name == planName);
        log.WriteLine($"catalog: {catalog.Result.Services.Count} offerings; using {service.Name}/{plan.Name}");

        var instances = new ServiceInstancesClient(http);
        var instanceId = "sample-" + Guid.NewGuid().ToString("N");
#pragma warning disable CS0612 // organization_guid and space_guid: deprecated, yet required by OSB 2.17
        var provision = await instances.ProvisionAsync(
            new ServiceInstanceProvisionRequest { Service_id = service.Id, Plan_id = plan.Id, Organization_guid = "sample-org", Space_guid = "sample-space" },
            instanceId,
            accepts_incomplete: true);
#pragma warning restore CS0612
        log.WriteLine($"provision: {provision.StatusCode}");
        if (provision.StatusCode == 202)
        {
            await WaitAsync(async () => (await instances.GetInstanceLastOperationAsync(instanceId, operation: provision.Result.Operation)).Result.State, log);
        }

        var bindings = new ServiceBindingsClient(http);
        var bind = await bindings.BindAsync(new ServiceBindingRequest { Service_id = service.Id, Plan_id = plan.Id }, instanceId, "sample-binding", accepts_incomplete: true);
        log.WriteLine($"bind: {bind.StatusCode}");
        if (bind.StatusCode == 202)
        {
            await WaitAsync(async () => (await bindings.GetBindingLastOperationAsync(instanceId, "sample-binding")).Result.State, log);
        }

        var binding = await bindings.FetchBindingAsync(instanceId, "sample-binding");
        log.WriteLine($"credentials: {string.Join(", ", binding.Result.Credentials?.Keys ?? [])}");

        var update = await instances.UpdateAsync(new ServiceInstanceUpdateRequest { Service_id = service.Id }, instanceId, accepts_incomplete: true);
        log.WriteLine($"update: {update.StatusCode}");

        var unbind = await bindings.UnbindAsync(service.Id, plan.Id, instanceId, "sample-binding", accepts_incomplete: true);
        log.WriteLine($"unbind: {unbind.StatusCode}");
        if (unbind.StatusCode == 202)
        {
            await WaitUntilGoneAsync(() => bindings.GetBindingLastOperationAsync(instanceId, "sample-binding", operation: unbind.Result.Operation), log);
        }

        var deprovision = await instances.DeprovisionAsync(service.Id, plan.Id, instanceId, accepts_incomplete: true);
        log.WriteLine($"deprovision: {deprovision.StatusCode}");
        if (deprovision.StatusCode == 202)
        {
            await WaitUntilGoneAsync(() => instances.GetInstanceLastOperationAsync(instanceId, operation: deprovision.Result.Operation), log);
        }
    }

    /// <summary>An asynchronous delete is done when last_operation answers 410 Gone.</summary>
    private static async Task WaitUntilGoneAsync<T>(Func<Task<T>> poll, TextWriter log)
    {
        try
        {
            for (var attempt = 0; attempt < 600; attempt++)
            {
                await poll();
                await Task.Delay(500);
            }
        }
        catch (BrokerApiException e) when (e.StatusCode == 410)
        {
            log.WriteLine("  last operation: gone");
            return;
        }

        throw new TimeoutException("The delete did not finish within 5 minutes.");
    }

    private static async Task WaitAsync(Func<Task<LastOperationState>> poll, TextWriter log)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var state = await poll();
            if (state != LastOperationState.In_progress)
            {
                log.WriteLine($"  last operation: {state}");
                if (state != LastOperationState.Succeeded)
                {
                    throw new InvalidOperationException($"The operation ended {state}.");
                }

                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("The operation did not finish within 5 minutes.");
    }
}
