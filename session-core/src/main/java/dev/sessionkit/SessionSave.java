package dev.sessionkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.event.SessionEvent;
import dev.sessionkit.event.StoreOperation;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore.Replaced;
import dev.sessionkit.store.SessionStore.SetMode;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of one save: a new session under an unused id ({@code SET NX}, another id on a collision), or a loaded
 * session over the record it was loaded from (compare-and-set), merging per key ({@link DataMerge}) when another
 * writer changed it meanwhile and trying again, at most {@value #MAX_ATTEMPTS} times. Stateless; the session's state
 * reaches it through a {@link Target}.
 */
final class SessionSave {

    private static final Logger LOG = LoggerFactory.getLogger(SessionSave.class);
    /**
     * Writes of one save before it gives up on a record that keeps changing. Every round of a race has a winner, so
     * a request among N concurrent writers of one session needs at most N attempts.
     */
    static final int MAX_ATTEMPTS = 16;
    private static final int MAX_ID_ATTEMPTS = 4;

    private SessionSave() {
    }

    /** What the session exposes to its save. */
    interface Target<T> {
        /** The record to write for this data, from the session's cookie and metadata as they are now. */
        SessionRecord record(String dataJson);

        /** Takes what another writer stored that is not data (creation time, principal, label) before a retry. */
        void adopt(DecodedRecord<T> theirs);

        /** Does what must precede a write under this id: adding the session to its principal's index. */
        void beforeWrite(String id);

        /** Takes another id after a new id turned out to be in use; returns it. */
        String anotherId();

        /** The session's principal, for events; {@code null} when none is set. */
        String principal();
    }

    /**
     * The record a save compares against: its JSON exactly as read or written and, when this request wrote it, the
     * data's JSON. Its data as a tree is parsed only when a merge needs it.
     */
    record Base(String recordJson, String dataJson) {
        ObjectNode tree(RecordCodec<?> codec) {
            return dataJson != null ? codec.tree(dataJson) : codec.dataTree(recordJson);
        }
    }

    /**
     * What a save did.
     *
     * @param written whether a record was written; {@code false}: the loaded session was gone
     * @param id the id written under
     * @param base what the next save compares against
     * @param merged the data as written when a merge or an update changed it, else {@code null}
     */
    record Result<T>(boolean written, String id, Base base, T merged) {
    }

    /** Writes a new session under an unused id; {@code chosen}: the id came from setSessionId, so no other is taken. */
    static <T> Result<T> create(SessionRuntime<T> runtime, String id, boolean chosen, String dataJson,
                                Target<T> target) {
        SessionRecord record = target.record(dataJson);
        String current = id;
        target.beforeWrite(current);
        long start = runtime.events().start();
        for (int attempt = 1; !runtime.store().set(current, record, SetMode.IF_ABSENT); attempt++) {
            if (chosen) {
                throw new SessionException("the id given to setSessionId() is already in use by another session: it "
                        + "was not written; give an unused, unguessable id");
            }
            if (attempt == MAX_ID_ATTEMPTS) {
                throw new SessionException("genid returned " + MAX_ID_ATTEMPTS + " ids in a row that were already "
                        + "in use: it must return unguessable, unique ids (the default is a random UUID)");
            }
            LOG.warn("genid returned an id that is already in use; taking another");
            current = target.anotherId();
            target.beforeWrite(current);
            start = runtime.events().start();
        }
        runtime.events().emit(SessionEvent.Type.CREATED, current, target.principal(), StoreOperation.SET, start);
        return new Result<>(true, current, new Base(record.json(), dataJson), null);
    }

    /**
     * Writes a loaded session over {@code base}, merging with another writer's changes as often as needed.
     *
     * @param before the data before {@code update} ran (this request's other changes), when there is an update
     * @param dataJson the data to write
     * @param update the change to apply again to merged data, or {@code null} for a plain save
     */
    static <T> Result<T> replace(SessionRuntime<T> runtime, String id, Base base, String before, String dataJson,
                                 UnaryOperator<T> update, Target<T> target) {
        return replace(runtime, id, base, before, dataJson, update, target, false);
    }

    /**
     * Deletes a loaded session's record if it is still {@code base}, merging another writer's changes into this
     * request's data first and trying again, as a save does: for a move to a new id that keeps the data.
     *
     * @return written: deleted, with the merged data when a merge changed it; not written: the session was gone
     */
    static <T> Result<T> deleteIfUnchanged(SessionRuntime<T> runtime, String id, Base base, String dataJson,
                                           Target<T> target) {
        return replace(runtime, id, base, null, dataJson, null, target, true);
    }

    private static <T> Result<T> replace(SessionRuntime<T> runtime, String id, Base base, String before,
                                         String dataJson, UnaryOperator<T> update, Target<T> target, boolean delete) {
        RecordCodec<T> codec = runtime.codec();
        Base expected = base;
        String mine = dataJson;
        String mineBeforeUpdate = before;
        T merged = null;
        for (int attempt = 1; ; attempt++) {
            // A record that expired at the epoch deletes the stored one if it matches: the compare-and-set's delete.
            SessionRecord record = delete ? SessionRecord.of(expected.recordJson(), Instant.EPOCH) : target.record(mine);
            if (!delete) {
                target.beforeWrite(id);
            }
            long start = runtime.events().start();
            Replaced outcome = runtime.store().replace(id, expected.recordJson(), record);
            if (outcome.outcome() == Replaced.Outcome.WRITTEN) {
                runtime.events().emit(delete ? SessionEvent.Type.REGENERATED : SessionEvent.Type.SAVED, id,
                        target.principal(), StoreOperation.REPLACE, start);
                return new Result<>(true, id, new Base(record.json(), mine), merged);
            }
            DecodedRecord<T> theirs = outcome.outcome() == Replaced.Outcome.CHANGED
                    ? codec.read(Optional.of(outcome.current())) : null;
            if (theirs == null || Lifetime.expired(theirs, runtime.config(), runtime.now())) {
                // Destroyed, expired or replaced by something unreadable meanwhile: a load would start a new session.
                return new Result<>(false, id, expected, merged);
            }
            if (attempt == MAX_ATTEMPTS) {
                SessionConflictException e = new SessionConflictException("the session was changed by other writers "
                        + MAX_ATTEMPTS + " times while this request saved it: nothing was saved; try the request "
                        + "again");
                runtime.events().emit(SessionEvent.Type.CONFLICT, id, target.principal(), StoreOperation.REPLACE, start,
                        e);
                throw e;
            }
            runtime.events().emit(SessionEvent.Type.CONFLICT, id, target.principal(), StoreOperation.REPLACE, start);
            LOG.debug("the session changed since this request loaded it; merging (attempt {})", attempt);
            ObjectNode ours = codec.tree(update == null ? mine : mineBeforeUpdate);
            ObjectNode result = DataMerge.merge(expected.tree(codec), ours, codec.dataTree(theirs.json()),
                    runtime.config().conflictPolicy());
            merged = codec.data(result);
            if (update != null) {
                mineBeforeUpdate = codec.encodeData(merged);
                merged = update.apply(merged);
            }
            mine = codec.encodeData(merged);
            target.adopt(theirs);
            expected = new Base(theirs.json(), null);
        }
    }
}
