using Esm.Service.Stores.Mongo;

namespace Esm.Service.Tests.Stores.Mongo;

[TestFixture]
public sealed class MongoSortKeyTests
{
    [Test]
    public void SortKeysAreDigitsOnlyAndOrderAsTheKeysOrderOrdinally()
    {
        var random = new Random(20261122);
        var keys = Enumerable.Range(0, 2000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(6)).Select(_ => (char)random.Next(char.MaxValue + 1)).ToArray()))
            .Concat(["", "a", "A", "aa", "b", "\uE000", "😀", "\uFFFF"])
            .ToList();

        var bySortKey = keys.OrderBy(MongoSortKey.Of, StringComparer.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(bySortKey, Is.EqualTo(keys.Order(StringComparer.Ordinal)));
            Assert.That(keys.Select(MongoSortKey.Of), Has.All.Matches<string>(s => s.All(char.IsAsciiDigit)));
            Assert.That(MongoSortKey.Of("A😀"), Is.EqualTo("00065" + "55357" + "56832"));
        });
    }
}
