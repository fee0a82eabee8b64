namespace Esm.Service.Stores.Mongo;

/// <summary>
/// A record key spelled so that every server orders it the same way: each UTF-16 code unit as five
/// decimal digits (00000 to 65535). Ordering these strings is ordinal ordering of the keys, as the
/// in-memory store does, whatever the comparison: MongoDB compares strings byte by byte (or by a
/// collection's collation), but the CI emulator sorts with the locale's collation
/// (<c>localeCompare</c>) while it filters <c>$gt</c> by code units, which would make keyset paging
/// skip and repeat records. Digits are the one alphabet no locale reorders (Danish sorts "aa" after "z").
/// </summary>
internal static class MongoSortKey
{
    private const int DigitsPerCodeUnit = 5;

    public static string Of(string key) =>
        string.Create(key.Length * DigitsPerCodeUnit, key, static (digits, key) =>
        {
            for (var i = 0; i < key.Length; i++)
            {
                int codeUnit = key[i];
                var unit = digits.Slice(i * DigitsPerCodeUnit, DigitsPerCodeUnit);
                for (var d = DigitsPerCodeUnit - 1; d >= 0; d--)
                {
                    unit[d] = (char)('0' + (codeUnit % 10));
                    codeUnit /= 10;
                }
            }
        });
}
