using Esm.Service.Stores;

namespace Esm.Bench;

/// <summary>ESM_STORE=memory: the broker's own process holds everything, so nothing can be seeded or weighed from outside.</summary>
internal sealed class MemoryBenchStore : BenchStore
{
    public override StoreKind Kind => StoreKind.Memory;

    public override IReadOnlyDictionary<string, string> BrokerSettings { get; } = new Dictionary<string, string> { ["ESM_STORE"] = "memory" };

    public override string CannotSeedReason => "n/a: an in-memory store lives in the broker's process; there is nothing to seed across processes";

    public override string SizeOnDisk() => "n/a";

    protected override IStore Open() => throw new InvalidOperationException(CannotSeedReason);
}
