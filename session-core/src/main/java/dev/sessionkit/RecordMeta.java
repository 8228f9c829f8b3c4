package dev.sessionkit;

import java.time.Instant;

/**
 * SessionKit's metadata, kept under {@value #KEY} at the top level of a record, where express-session and
 * h3-session keep it as one more data field when they save: when the session was created, when its user last
 * authenticated (a login or a re-authentication), the principal and label it is listed under, and a tag of the id
 * it was indexed under, so that a copy under another id (made by another service) is indexed at its next save
 * ({@code null} when none).
 */
record RecordMeta(Instant created, Instant authenticated, String principal, String label, String indexed) {

    /** The reserved top-level key of SessionKit's own metadata in a record. */
    static final String KEY = "__sessionkit";

    /** When the absolute lifetime starts: the last authentication, else the creation. */
    Instant lifetimeStart() {
        return authenticated != null ? authenticated : created;
    }
}
