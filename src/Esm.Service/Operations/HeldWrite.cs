namespace Esm.Service.Operations;

/// <summary>
/// What a write by the holder of an operation did: nothing (the operation is no longer this
/// process's: halted, taken over, or the runner stopped), or written, with the record as stored
/// (null when the write deleted it).
/// </summary>
public readonly record struct HeldWrite<T>(bool Written, T? Record) where T : class
{
    public static HeldWrite<T> NotWritten => default;

    public static HeldWrite<T> Deleted => new(true, null);

    public static HeldWrite<T> Stored(T record) => new(true, record);
}
