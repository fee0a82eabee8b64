using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Esm.Service.Model;

/// <summary>
/// A record's indexed field values: a handful of pairs in one array, looked up by a scan.
/// </summary>
/// <remarks>
/// The in-memory store keeps one of these per record, and a write of any store computes one. A
/// <see cref="Dictionary{TKey, TValue}"/> of four fields takes three allocations and about 330
/// bytes; with at most five fields a scan of the array is no slower than hashing the name.
/// </remarks>
public sealed class IndexedFieldValues : IReadOnlyDictionary<string, string>
{
    private readonly KeyValuePair<string, string>[] _pairs;

    public IndexedFieldValues(params KeyValuePair<string, string>[] pairs)
    {
        for (var i = 1; i < pairs.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (pairs[i].Key == pairs[j].Key)
                {
                    throw new ArgumentException($"The field '{pairs[i].Key}' is given twice.", nameof(pairs));
                }
            }
        }

        _pairs = pairs;
    }

    public int Count => _pairs.Length;

    public IEnumerable<string> Keys => _pairs.Select(pair => pair.Key);

    public IEnumerable<string> Values => _pairs.Select(pair => pair.Value);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No indexed field '{key}'.");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Key == key)
            {
                value = pair.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
