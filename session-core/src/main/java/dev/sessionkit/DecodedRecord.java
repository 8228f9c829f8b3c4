package dev.sessionkit;

/**
 * A stored record, read: its data, the lifetime it stored ({@code null} when it stored no cookie, h3-session's
 * shape), SessionKit's metadata ({@code null} when no SessionKit wrote it yet), and the record's JSON exactly as
 * stored (what a compare-and-set save expects to find, and the base of a merge: {@link RecordCodec#dataTree}).
 */
record DecodedRecord<T>(T data, StoredLifetime lifetime, RecordMeta meta, String json) {
}
