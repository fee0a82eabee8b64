namespace Esm.Service.Catalog;

/// <summary>The catalog in force. It is replaced whole when it changes; readers never see half a change.</summary>
public interface ICatalogProvider
{
    BrokerCatalog Current { get; }
}
