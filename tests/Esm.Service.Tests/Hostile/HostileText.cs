using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// Hostile strings for ids and query values: path-like ones (.., /, \, %2F, %00), shell and
/// template syntax, Windows device names, control characters, unicode that looks like something
/// else (RTL marks, zero-width spaces, fullwidth slashes, decomposed accents, emoji, unpaired
/// surrogates), near-copies of the seeded ids, and very long ones. None is a seeded id or a
/// catalog id, and none reads as a boolean, so a mutation aimed with one acts on nothing.
/// </summary>
public static class HostileText
{
    private static readonly string[] Curated =
    [
        "..", ".", "/", "a/b", "%2F", "a%2Fb", "%2e%2e%2f", "%00", "a\0b", "\0", "\\", "..\\..\\windows\\win.ini", "../../etc/passwd",
        "....//....//etc", "~root", "*", "?", "#", "&", "=", "a&service_id=x", "a;b", "|", "'", "\"", "`id`", "$(id)", "${HOME}",
        "{{7*7}}", "%s%n", "<script>alert(1)</script>", "CON", "NUL", "aux.txt", "file:///etc/passwd", "http://169.254.169.254/",
        " ", "\t", "\r\n", "\u0001", "\u001f", "\u007f", "\u0085", "\u00a0", "\u200b", "\u200e", "\u200f", "\u202e", "\u2066",
        "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff", "🦄", "👩‍👩‍👧‍👦", "e\u0301", "é", "ǅ", "İ", "ﬃ", "／", "．．", "\u3000", "𝕏",
        "א", "مرحبا", "日本語", $"{Seeds.Instance}\0", $"{Seeds.Instance}/", Seeds.Instance.ToUpperInvariant(), $"{Seeds.Instance} ",
        $" {Seeds.Instance}", $"{Seeds.Instance}\u200b", $"{Seeds.Instance}%00", $"{Seeds.Instance}/..", $"{Seeds.Binding}\0",
        $"{Seeds.Manifest}\0", $"{Seeds.ServiceType}\0", "test-service\0", "sync\0", "ｈｏｓｔｉｌｅ-seed",
    ];

    private static readonly char[] Alphabet =
    [
        .. "aZ09-_.~", .. "/\\%?#&=;:@!$'\"`<>{}[]|^* +", '\0', '\t', '\n', '\r', '\u0001', '\u007f', '\u0085', '\u00a0',
        '\u00e9', '\u0301', '\u200b', '\u200f', '\u202e', '\u2028', '\u3000', '\ufeff', '\uff0f', '\ud800', '\udc00', '\ud83e', '\udd84',
    ];

    /// <summary>A hostile id: curated, random over a hostile alphabet, or very long.</summary>
    public static Gen<string> Id { get; } = Gen.Frequency(
            (4, Gen.Elements(Curated)),
            (4, Random(64)),
            (1, Long()))
        .Where(s => !Seeds.Names.Contains(s) && !bool.TryParse(s, out _));

    /// <summary>A string of 1 to <paramref name="maximumLength"/> characters over the hostile alphabet.</summary>
    public static Gen<string> Random(int maximumLength) =>
        from length in Gen.Choose(1, maximumLength)
        from characters in Gen.ArrayOf(Gen.Elements(Alphabet), length)
        select new string(characters);

    private static Gen<string> Long() =>
        from length in Gen.Elements(300, 4_000, 20_000)
        from unit in Gen.Elements("x", "🦄", "%2F", "../", "\u202e")
        select string.Concat(Enumerable.Repeat(unit, length / unit.Length));
}
