namespace Esm.Service.Stores.Mongo.Native;

/// <summary>What an acknowledged single-document update did.</summary>
/// <param name="MatchedCount">Documents the filter matched (0 or 1); 0 when the update upserted.</param>
/// <param name="ModifiedCount">Documents actually changed; 0 when the update set values already present.</param>
/// <param name="UpsertedCount">1 when no document matched and an upsert inserted one, else 0.</param>
public readonly record struct UpdateResult(long MatchedCount, long ModifiedCount, long UpsertedCount);
