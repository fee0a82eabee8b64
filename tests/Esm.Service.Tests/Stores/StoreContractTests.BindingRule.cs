using Esm.Service.Model;
using Esm.Service.Stores;

namespace Esm.Service.Tests.Stores;

/// <summary>
/// The rule that spans two collections (<see cref="InstanceBindings"/>): a binding never outlives
/// its instance, whatever the order in which a deprovision and a bind reach the store.
/// </summary>
public abstract partial class StoreContractTests
{
    private const string Incarnation = "op-first";

    [Test]
    public async Task A_binding_under_a_live_instance_of_its_incarnation_stands()
    {
        await Store.Instances.TryInsertAsync(Instance("i", InstanceState.Ready, Incarnation), None);

        var written = await Store.TryStoreAsync(Binding("i", "b", Incarnation), replacedVersion: null, None);

        Assert.That(written.Record?.Version, Is.EqualTo(1));
        Assert.That(written.InstanceGone, Is.False);
        Assert.That(await Store.Bindings.GetAsync(ServiceBindingRecord.KeyOf("i", "b"), None), Is.Not.Null);
    }

    [TestCase(InstanceState.Deprovisioning, Incarnation, TestName = "A binding under an instance marked for deprovision is taken back")]
    [TestCase(InstanceState.Deleted, Incarnation, TestName = "A binding under a deleted instance is taken back")]
    [TestCase(InstanceState.Ready, "op-second", TestName = "A binding of an earlier incarnation of the id is taken back")]
    public async Task A_binding_the_instance_does_not_hold_is_taken_back(InstanceState state, string incarnation)
    {
        await Store.Instances.TryInsertAsync(Instance("i", state, incarnation), None);

        var written = await Store.TryStoreAsync(Binding("i", "b", Incarnation), replacedVersion: null, None);

        Assert.That(written.InstanceGone, Is.True);
        Assert.That(written.Record, Is.Null);
        Assert.That(await Store.Bindings.GetAsync(ServiceBindingRecord.KeyOf("i", "b"), None), Is.Null);
    }

    [Test]
    public async Task A_binding_without_an_instance_is_taken_back()
    {
        var written = await Store.TryStoreAsync(Binding("missing", "b", Incarnation), replacedVersion: null, None);

        Assert.That(written.InstanceGone, Is.True);
        Assert.That((await Store.Bindings.ListAsync(RecordQuery.All(), None)).Items, Is.Empty);
    }

    [Test]
    public async Task A_binding_written_over_another_replaces_it_only_at_its_version()
    {
        await Store.Instances.TryInsertAsync(Instance("i", InstanceState.Ready, Incarnation), None);
        var first = (await Store.TryStoreAsync(Binding("i", "b", Incarnation), null, None)).Record!;

        var stale = await Store.TryStoreAsync(Binding("i", "b", Incarnation) with { AppGuid = "stale" }, first.Version + 1, None);
        var replaced = await Store.TryStoreAsync(Binding("i", "b", Incarnation) with { AppGuid = "new" }, first.Version, None);

        Assert.That(stale, Is.EqualTo(BindingWrite.Conflict));
        Assert.That(replaced.Record?.Version, Is.EqualTo(2));
        Assert.That((await Store.Bindings.GetAsync(first.Key, None))?.AppGuid, Is.EqualTo("new"));
    }

    [Test]
    public async Task Deleting_an_instances_bindings_takes_them_whatever_they_became()
    {
        await Store.Instances.TryInsertAsync(Instance("i", InstanceState.Ready, Incarnation), None);
        await Store.Instances.TryInsertAsync(Instance("other", InstanceState.Ready, Incarnation), None);
        var changing = (await Store.TryStoreAsync(Binding("i", "a", Incarnation), null, None)).Record!;
        await Store.TryStoreAsync(Binding("i", "b", Incarnation), null, None);
        await Store.TryStoreAsync(Binding("other", "c", Incarnation), null, None);
        var deleted = new List<string>();

        await Store.DeleteAllAsync("i", binding =>
        {
            deleted.Add(binding.BindingId);

            // The binding changes between the listing and the delete, as an unbind would change it.
            Store.Bindings.TryReplaceAsync(changing with { State = BindingState.Unbinding }, None).GetAwaiter().GetResult();
        }, None);

        Assert.That(deleted, Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That((await Store.Bindings.ListAsync(RecordQuery.Matching(IndexedField.InstanceId, "i"), None)).Items, Is.Empty);
        Assert.That(await Store.Bindings.GetAsync(ServiceBindingRecord.KeyOf("other", "c"), None), Is.Not.Null);
    }

    [Test]
    public async Task A_deprovision_racing_binds_never_leaves_a_binding_behind()
    {
        const int rounds = 60;
        var kept = 0;
        for (var round = 0; round < rounds; round++)
        {
            var id = $"race-{round}";
            var instance = (await Store.Instances.TryInsertAsync(Instance(id, InstanceState.Ready, Incarnation), None))!;
            using var start = new Barrier(3);
            var binds = Enumerable.Range(0, 2).Select(b => Task.Run(async () =>
            {
                start.SignalAndWait();
                return await Store.TryStoreAsync(Binding(id, $"b{b}", Incarnation), null, None);
            })).ToList();
            var deprovision = Task.Run(async () =>
            {
                start.SignalAndWait();
                Assert.That(await Store.Instances.TryReplaceAsync(instance with { State = InstanceState.Deprovisioning }, None), Is.Not.Null);
                await Store.DeleteAllAsync(id, _ => { }, None);
            });
            await Task.WhenAll([.. binds, deprovision]);

            kept += (await Task.WhenAll(binds)).Count(w => w.Record is not null);
            Assert.That((await Store.Bindings.ListAsync(RecordQuery.Matching(IndexedField.InstanceId, id), None)).Items, Is.Empty, $"round {round}");
        }

        TestContext.Out.WriteLine($"{kept} of {2 * rounds} binds were stored before the mark, and deleted by the sweep after it");
    }

    private static ServiceInstanceRecord Instance(string id, InstanceState state, string incarnation) =>
        TestRecords.Instance(id) with { State = state, Incarnation = incarnation };

    private static ServiceBindingRecord Binding(string instanceId, string bindingId, string incarnation) =>
        TestRecords.Binding(bindingId) with { InstanceId = instanceId, InstanceIncarnation = incarnation, State = BindingState.Binding };
}
