/**
 * An in-memory {@link dev.sessionkit.store.SessionStore} for a single application instance, backed by a bounded Caffeine
 * cache. Start at {@link dev.sessionkit.store.caffeine.CaffeineSessionStore#create()} or
 * {@link dev.sessionkit.store.caffeine.CaffeineSessionStore#builder()}.
 */
package dev.sessionkit.store.caffeine;
