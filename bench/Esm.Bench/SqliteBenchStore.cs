using System.Globalization;
using Esm.Service.Stores;
using Esm.Service.Stores.Sqlite;

namespace Esm.Bench;

/// <summary>ESM_STORE=sqlite on a fresh file in a temporary folder (on disk, so that commits pay their fsync), deleted afterwards.</summary>
internal sealed class SqliteBenchStore(string folder) : BenchStore
{
    private readonly string _path = Path.Combine(folder, "esm.db");

    public override StoreKind Kind => StoreKind.Sqlite;

    public override IReadOnlyDictionary<string, string> BrokerSettings => new Dictionary<string, string>
    {
        ["ESM_STORE"] = "sqlite",
        ["ESM_SQLITE_PATH"] = _path,
    };

    /// <summary>The database file and its write-ahead log (commits not yet checkpointed into the file), apart: a large log is a finding of its own.</summary>
    public override string SizeOnDisk()
    {
        var file = SizeOf(_path);
        var log = SizeOf(_path + "-wal");
        return string.Create(CultureInfo.InvariantCulture, $"{(file + log) / 1e6:0.0} MB (file {file / 1e6:0.0} + wal {log / 1e6:0.0})");
    }

    public override void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    protected override IStore Open() => SqliteStore.Open(_path);

    private static long SizeOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
