using Esm.Service.Failures;

namespace Esm.Service.Catalog;

/// <summary>An invalid catalog: every problem found, each naming its file and field.</summary>
public sealed class CatalogException(IReadOnlyList<string> problems)
    : Exception("The catalog is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
