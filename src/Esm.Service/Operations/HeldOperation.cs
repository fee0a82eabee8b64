using Esm.Service.Model;
using Esm.Service.Stores;

namespace Esm.Service.Operations;

/// <summary>
/// An operation this process holds, with its record as this process last wrote or read it. While
/// the claim is held nobody else changes the operation, so a write starts from that record and
/// re-reads only when the compare-and-set refuses it (a renewal came first, or a delete took over).
/// </summary>
public sealed class HeldOperation<T> where T : class, IOperationRecord<T>
{
    private readonly IRecordCollection<T> _records;
    private readonly OperationLeases _leases;
    private T _record;

    internal HeldOperation(IRecordCollection<T> records, T claimed, OperationLeases leases)
    {
        _records = records;
        _leases = leases;
        _record = claimed;
        OperationId = claimed.LastOperation.Id;
    }

    public string OperationId { get; }

    /// <summary>The record as this process last wrote or read it.</summary>
    public T Record => Volatile.Read(ref _record);

    /// <summary>
    /// Applies <paramref name="change"/> (null: delete the record) while this process holds the
    /// operation; nothing is written once it no longer does.
    /// </summary>
    public async Task<HeldWrite<T>> UpdateAsync(Func<T, T?> change, CancellationToken cancellationToken)
    {
        var current = Record;
        while (_leases.Holds(current, OperationId))
        {
            var changed = change(current);
            if (changed is null)
            {
                if (await _records.TryDeleteAsync(current.Key, current.Version, cancellationToken))
                {
                    return HeldWrite<T>.Deleted;
                }
            }
            else if (await _records.TryReplaceAsync(changed, cancellationToken) is { } written)
            {
                Volatile.Write(ref _record, written);
                return HeldWrite<T>.Stored(written);
            }

            if (await _records.GetAsync(current.Key, cancellationToken) is not { } stored)
            {
                return HeldWrite<T>.Skipped(null);
            }

            Volatile.Write(ref _record, stored);
            current = stored;
        }

        return HeldWrite<T>.Skipped(current);
    }

    /// <summary>For a run that stops without writing (halted, or shutting down): the record as stored now, null when gone.</summary>
    public async Task<HeldWrite<T>> StopAsync() =>
        HeldWrite<T>.Skipped(await _records.GetAsync(Record.Key, CancellationToken.None));
}

/// <summary>
/// What a write by the holder of an operation did, with the record it leaves: written (the record
/// as stored, null when the write deleted it), or skipped because the operation is no longer this
/// process's: halted, taken over, or the runner stopped (the record as last read, null when gone).
/// </summary>
public readonly record struct HeldWrite<T>(bool Written, T? Record) where T : class
{
    public static HeldWrite<T> Skipped(T? latest) => new(false, latest);

    public static HeldWrite<T> Deleted => new(true, null);

    public static HeldWrite<T> Stored(T record) => new(true, record);
}
