package dev.sessionkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The three-way merge of session data, per top-level key: a key this request changed since its load is taken from
 * this request, a key only the other writer changed from the other writer, and a key both changed to different values
 * is a conflict, which the {@link ConflictPolicy} settles. A change is any difference in the key's JSON value
 * (numbers compared by value, so {@code 1} and {@code 1.0} are equal), a key added or a key removed; nested objects
 * and arrays are one value each, merged whole. Stateless.
 */
final class DataMerge {

    /** Compares numbers by value, whatever node type a parser or a serialiser chose for them. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private DataMerge() {
    }

    /**
     * Returns the merged data: the other writer's keys in their order, with this request's changes applied, and the
     * keys this request added at the end.
     *
     * @param base the data as this request loaded it (or last wrote it)
     * @param mine the data as this request would write it
     * @param theirs the data the other writer stored
     * @param policy what a key both changed becomes
     * @throws SessionConflictException under {@link ConflictPolicy#FAIL}, naming the keys both changed
     */
    static ObjectNode merge(ObjectNode base, ObjectNode mine, ObjectNode theirs, ConflictPolicy policy) {
        Set<String> keys = new LinkedHashSet<>();
        theirs.fieldNames().forEachRemaining(keys::add);
        mine.fieldNames().forEachRemaining(keys::add);
        base.fieldNames().forEachRemaining(keys::add);
        ObjectNode merged = theirs.objectNode();
        List<String> conflicts = new ArrayList<>();
        for (String key : keys) {
            JsonNode was = base.get(key);
            JsonNode ours = mine.get(key);
            JsonNode other = theirs.get(key);
            boolean weChanged = !same(was, ours);
            boolean theyChanged = !same(was, other);
            if (weChanged && theyChanged && !same(ours, other)) {
                conflicts.add(key);
            }
            JsonNode value = weChanged ? ours : other;
            if (value != null) {
                merged.set(key, value);
            }
        }
        if (!conflicts.isEmpty() && policy == ConflictPolicy.FAIL) {
            throw new SessionConflictException("another request changed the session keys " + conflicts + " that "
                    + "this request changed too, to other values: nothing was saved (conflictPolicy FAIL)");
        }
        return merged;
    }

    /** Whether two values of a key are the same; {@code null} stands for an absent key. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(BY_VALUE, b);
    }
}
