namespace Esm.Service.Backends;

/// <summary>The backends of this broker, by the manifest type each realises.</summary>
public sealed class BackendRegistry(IEnumerable<IBackend> backends)
{
    private readonly Dictionary<string, IBackend> _byType = backends.ToDictionary(b => b.ManifestType, StringComparer.Ordinal);

    public IReadOnlySet<string> ManifestTypes => _byType.Keys.ToHashSet(StringComparer.Ordinal);

    public IEnumerable<IBackend> All => _byType.Values;

    public IBackend For(string manifestType) =>
        _byType.TryGetValue(manifestType, out var backend)
            ? backend
            : throw new InvalidOperationException($"no backend realises manifest type '{manifestType}'");
}
