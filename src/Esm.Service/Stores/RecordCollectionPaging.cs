using System.Runtime.CompilerServices;
using Esm.Service.Model;

namespace Esm.Service.Stores;

/// <summary>Reads every record a query matches, one keyset page after another.</summary>
public static class RecordCollectionPaging
{
    public static async IAsyncEnumerable<T> EnumerateAsync<T>(
        this IRecordCollection<T> records, RecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, IStoredRecord<T>
    {
        RecordPage<T> page;
        do
        {
            page = await records.ListAsync(query, cancellationToken);
            foreach (var record in page.Items)
            {
                yield return record;
            }

            query = query with { AfterKey = page.NextAfterKey };
        }
        while (page.NextAfterKey is not null);
    }
}
