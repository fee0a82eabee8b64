namespace Esm.Service.Catalog;

/// <summary>The catalog in force. It is replaced whole when it changes; readers never see half a change.</summary>
public interface ICatalogProvider
{
    BrokerCatalog Current { get; }
}

/// <summary>Holds the current catalog snapshot; swapped atomically when the catalog changes.</summary>
public sealed class CatalogProvider : ICatalogProvider
{
    private volatile BrokerCatalog _current = BrokerCatalog.Empty;

    public BrokerCatalog Current => _current;

    public void Replace(BrokerCatalog catalog) => _current = catalog;
}
