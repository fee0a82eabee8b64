using Esm.Client.Sample;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Client;

/// <summary>The SDK's sample program drives a real broker process through a whole lifecycle.</summary>
public sealed class ClientSampleTests
{
    [TestCase(TestPlans.Sync)]
    [TestCase(TestPlans.Async)]
    public async Task The_sample_runs_the_whole_lifecycle_against_a_running_broker(string plan)
    {
        await using var broker = await BrokerProcess.StartAsync();
        var log = new StringWriter();
        await LifecycleSample.RunAsync(broker.Address, BrokerFactory.PlatformUser, BrokerFactory.PlatformPassword, TestPlans.Service, plan, log);
        var lines = log.ToString();
        Assert.That(lines, Does.Contain(plan == TestPlans.Async ? "provision: 202" : "provision: 201"));
        Assert.That(lines, Does.Contain("credentials: instance_id, binding_id, username, password, uri"));
        Assert.That(lines, Does.Contain("deprovision: 20"));
    }
}
