using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>Follows an instance's last_operation on a broker of a test's own (the fixture's broker has AwaitInstanceOperationAsync).</summary>
public static class LastOperationWatch
{
    /// <summary>Waits until last_operation says <paramref name="description"/>; fails if the operation ends first or 20 s pass.</summary>
    public static async Task UntilDescriptionAsync(BrokerApi api, string id, string description)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var operation = (await api.Instances.GetInstanceLastOperationAsync(id)).Result;
            if (operation.Description == description)
            {
                return;
            }

            Assert.That(operation.State, Is.EqualTo(LastOperationState.In_progress), operation.Description);
            await Task.Delay(50);
        }

        Assert.Fail($"last_operation never said '{description}'");
    }

    /// <summary>The operation once it is no longer in progress (or as it stands after <paramref name="seconds"/>).</summary>
    public static async Task<InstanceLastOperation> UntilEndAsync(BrokerApi api, string id, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var operation = (await api.Instances.GetInstanceLastOperationAsync(id)).Result;
            if (operation.State != LastOperationState.In_progress || DateTime.UtcNow > deadline)
            {
                return operation;
            }

            await Task.Delay(100);
        }
    }
}
