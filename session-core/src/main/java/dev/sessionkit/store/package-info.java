/**
 * The store SPI: what a place that keeps sessions between requests implements. Start at
 * {@link dev.sessionkit.store.SessionStore}; optional capabilities are {@link dev.sessionkit.store.StoreFacets}.
 * Applications use a ready store (Caffeine, Redis) and reach this package only for administration
 * ({@code SessionContext.store().facets()}).
 */
package dev.sessionkit.store;
