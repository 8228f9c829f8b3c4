package dev.sessionkit.store;

import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The optional capabilities of a {@link SessionStore}, each present only when the store has it: a store answers what
 * it can do by returning the facet, never by a method that throws. Immutable and thread-safe.
 *
 * <pre>{@code
 * private final StoreFacets facets = StoreFacets.none().withEnumeration(new Enumeration()).withPrincipalIndex(index);
 *
 * public StoreFacets facets() { return facets; }
 * }</pre>
 */
public final class StoreFacets {

    private static final StoreFacets NONE = new StoreFacets(null, null);

    private final SessionEnumeration enumeration;
    private final PrincipalIndex principalIndex;

    private StoreFacets(SessionEnumeration enumeration, PrincipalIndex principalIndex) {
        this.enumeration = enumeration;
        this.principalIndex = principalIndex;
    }

    /**
     * Returns the facets of a store with no optional capability.
     *
     * @return the empty facets
     */
    public static StoreFacets none() {
        return NONE;
    }

    /**
     * Returns these facets with an enumeration of the store's sessions.
     *
     * @param enumeration the enumeration
     * @return new facets
     */
    public StoreFacets withEnumeration(SessionEnumeration enumeration) {
        return new StoreFacets(Objects.requireNonNull(enumeration, "enumeration"), principalIndex);
    }

    /**
     * Returns these facets with an index of the store's sessions by principal.
     *
     * @param principalIndex the index
     * @return new facets
     */
    public StoreFacets withPrincipalIndex(PrincipalIndex principalIndex) {
        return new StoreFacets(enumeration, Objects.requireNonNull(principalIndex, "principalIndex"));
    }

    /**
     * Returns these facets with each one present replaced by what {@code enumeration} or {@code principalIndex}
     * makes of it: for a store that wraps another (to time, record or check its calls) and offers what it offers.
     *
     * @param enumeration wraps the enumeration, when there is one
     * @param principalIndex wraps the principal index, when there is one
     * @return new facets, with the same capabilities
     */
    public StoreFacets map(UnaryOperator<SessionEnumeration> enumeration,
                           UnaryOperator<PrincipalIndex> principalIndex) {
        Objects.requireNonNull(enumeration, "enumeration");
        Objects.requireNonNull(principalIndex, "principalIndex");
        return new StoreFacets(this.enumeration == null ? null : enumeration.apply(this.enumeration),
                this.principalIndex == null ? null : principalIndex.apply(this.principalIndex));
    }

    /**
     * Returns the store's enumeration of its sessions: their ids, their number, and clearing them all.
     *
     * @return the enumeration, or empty when the store cannot enumerate its sessions
     */
    public Optional<SessionEnumeration> enumeration() {
        return Optional.ofNullable(enumeration);
    }

    /**
     * Returns the store's index of sessions by principal, which lists and ends a user's sessions.
     *
     * @return the index, or empty when the store keeps none
     */
    public Optional<PrincipalIndex> principalIndex() {
        return Optional.ofNullable(principalIndex);
    }

    @Override
    public String toString() {
        return "StoreFacets{enumeration=" + (enumeration != null) + ", principalIndex=" + (principalIndex != null) + '}';
    }
}
