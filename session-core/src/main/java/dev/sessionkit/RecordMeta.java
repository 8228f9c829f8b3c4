package dev.sessionkit;

import java.time.Instant;

/**
 * SessionKit's metadata, kept under {@value #KEY} at the top level of a record, where express-session and
 * h3-session keep it as one more data field when they save: when the session was created, when its user last
 * authenticated (a login or a re-authentication), and the principal and label it is listed under ({@code null} when
 * none).
 */
record RecordMeta(Instant created, Instant authenticated, String principal, String label) {

    /** The reserved top-level key of SessionKit's own metadata in a record. */
    static final String KEY = "__sessionkit";

    /** When the absolute lifetime starts: the last authentication, else the creation. */
    Instant lifetimeStart() {
        return authenticated != null ? authenticated : created;
    }
}
