package dev.sessionkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.event.SessionListener;
import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The options of SessionKit, immutable and thread-safe; built with {@link #builder()} (data type
 * {@link SessionData}) or {@link #builder(Class)} (any Jackson-mappable type).
 *
 * <pre>{@code
 * SessionConfig<SessionData> config = SessionConfig.builder()
 *         .store(CaffeineSessionStore.create())
 *         .secret(System.getenv("SESSION_SECRET"))
 *         .cookie(CookieOptions.builder().maxAge(Duration.ofDays(7)).sameSite(SameSite.LAX).build())
 *         .build();
 * }</pre>
 *
 * @param <T> the type of the session data
 */
public final class SessionConfig<T> {

    private static final int DEFAULT_MAX_RECORD_SIZE = 64 * 1024;

    private final SessionStore store;
    // Package-private: only the runtime reads them, there is no public getter.
    final List<String> secrets;
    private final String name;
    private final CookieOptions cookie;
    final Supplier<String> genid;
    final DataType<T> data;
    private final boolean saveUninitialized;
    private final boolean rolling;
    private final boolean autoSave;
    private final boolean trustProxy;
    private final String idHeader;
    private final boolean idCookie;
    private final int maxRecordSize;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final ConflictPolicy conflictPolicy;
    private final int sessionLimit;
    private final SessionLimitPolicy sessionLimitPolicy;
    private final Clock clock;
    private final ObjectMapper objectMapper;
    final List<SessionListener> listeners;
    /** Whether the mapper is the one the builder made (records may then be read without it: FastRecordReader). */
    final boolean defaultObjectMapper;

    private SessionConfig(Builder<T> b) {
        this.store = b.store;
        this.listeners = List.copyOf(b.listeners);
        this.secrets = b.secrets;
        this.name = b.name;
        this.cookie = b.cookie;
        this.genid = b.genid;
        this.data = DataType.of(b.type, b.objectMapper, b.generate);
        this.saveUninitialized = b.saveUninitialized;
        this.rolling = b.rolling;
        this.autoSave = b.autoSave;
        this.trustProxy = b.trustProxy;
        this.idHeader = b.idHeader;
        this.idCookie = b.idCookie;
        this.maxRecordSize = b.maxRecordSize;
        this.idleTimeout = b.idleTimeout;
        this.absoluteTimeout = b.absoluteTimeout;
        this.conflictPolicy = b.conflictPolicy;
        this.sessionLimit = b.sessionLimit;
        this.sessionLimitPolicy = b.sessionLimitPolicy;
        this.clock = b.clock;
        this.objectMapper = b.objectMapper;
        this.defaultObjectMapper = !b.objectMapperSet;
    }

    /**
     * One option that {@link Builder#properties} reads, as the README's options table and Spring Boot's configuration
     * metadata describe it.
     *
     * @param key the key ({@code idleTimeout}, {@code cookie.maxAge}); case, {@code -} and {@code _} are ignored
     * @param values the values it takes (Markdown)
     * @param defaultValue its default (Markdown)
     * @param description what it sets, in one line
     */
    public record Option(String key, String values, String defaultValue, String description) {
    }

    /**
     * Returns the options {@link Builder#properties} reads, in the order of the README's table: the one list of their
     * names, for integrations that describe them (Spring Boot's configuration metadata).
     *
     * @return the options
     */
    public static List<Option> options() {
        return PropertyOptions.ALL.stream().map(o -> new Option(o.key(), o.values(), o.defaultValue(), o.doc()))
                .toList();
    }

    /** {@return a builder for sessions whose data is a {@link SessionData} map} */
    public static Builder<SessionData> builder() {
        return new Builder<>(SessionData.class);
    }

    /**
     * Returns a builder for sessions whose data is of the given Jackson-mappable type.
     *
     * @param type the data class; it must serialise to a JSON object with no {@code cookie} property
     * @param <T> the data type
     * @return a new builder
     */
    public static <T> Builder<T> builder(Class<T> type) {
        return new Builder<>(Objects.requireNonNull(type, "type"));
    }

    /** {@return the store} */
    public SessionStore store() {
        return store;
    }

    /** {@return the cookie name; default {@code connect.sid}} */
    public String name() {
        return name;
    }

    /** {@return the cookie attributes a new session starts with} */
    public CookieOptions cookie() {
        return cookie;
    }

    /** {@return whether new sessions are saved even when nothing was put in them; default {@code false}} */
    public boolean saveUninitialized() {
        return saveUninitialized;
    }

    /** {@return whether the cookie is sent on every response that uses the session; default {@code false}} */
    public boolean rolling() {
        return rolling;
    }

    /** {@return whether changed data is saved at the end of each request; default {@code false}} */
    public boolean autoSave() {
        return autoSave;
    }

    /** {@return whether {@code X-Forwarded-Proto} is trusted; default {@code false}} */
    public boolean trustProxy() {
        return trustProxy;
    }

    /** {@return the header that also carries the session id, if one is set; default none} */
    public Optional<String> idHeader() {
        return Optional.ofNullable(idHeader);
    }

    /** {@return whether the session id is carried in the cookie; default {@code true}} */
    public boolean idCookie() {
        return idCookie;
    }

    /** {@return the largest record a save may write, in UTF-8 bytes; default 64 KiB} */
    public int maxRecordSize() {
        return maxRecordSize;
    }

    /** {@return how long a session may go without a request before it ends; default none} */
    public Optional<Duration> idleTimeout() {
        return Optional.ofNullable(idleTimeout);
    }

    /** {@return how long after its creation a session ends, however it is used; default none} */
    public Optional<Duration> absoluteTimeout() {
        return Optional.ofNullable(absoluteTimeout);
    }

    /** {@return what a save does with a data key it and another writer both changed; default last writer wins} */
    public ConflictPolicy conflictPolicy() {
        return conflictPolicy;
    }

    /** {@return the most live sessions one principal may have; default none (the store's cap, 1,000)} */
    public OptionalInt sessionLimit() {
        return sessionLimit == 0 ? OptionalInt.empty() : OptionalInt.of(sessionLimit);
    }

    /** {@return what a login at the {@linkplain #sessionLimit() session limit} does; default end the oldest} */
    public SessionLimitPolicy sessionLimitPolicy() {
        return sessionLimitPolicy;
    }

    /** {@return the clock; default the system UTC clock} */
    public Clock clock() {
        return clock;
    }

    /** {@return the object mapper used for session data} */
    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    @Override
    public String toString() {
        return "SessionConfig{store=" + store.getClass().getSimpleName() + ", secrets=" + secrets.size()
                + ", name=" + name + ", cookie=" + cookie + ", saveUninitialized=" + saveUninitialized
                + ", rolling=" + rolling + ", autoSave=" + autoSave + ", trustProxy=" + trustProxy
                + ", idHeader=" + idHeader + ", idCookie=" + idCookie
                + ", dataType=" + data + '}';
    }

    /**
     * Builds a {@link SessionConfig}. Each method checks its argument at once (NPE for {@code null}, IAE for a bad
     * value); {@link #build()} checks that the required options are set and fit together. Not thread-safe.
     *
     * @param <T> the type of the session data
     */
    public static final class Builder<T> {
        private final Class<T> type;
        private SessionStore store;
        private List<String> secrets;
        private String name = "connect.sid";
        private CookieOptions cookie = CookieOptions.defaults();
        private Supplier<String> genid = () -> UUID.randomUUID().toString();
        private Supplier<? extends T> generate;
        private boolean saveUninitialized;
        private boolean rolling;
        private boolean autoSave;
        private boolean trustProxy;
        private String idHeader;
        private boolean idCookie = true;
        private boolean allowShortSecrets;
        private int maxRecordSize = DEFAULT_MAX_RECORD_SIZE;
        private Duration idleTimeout;
        private Duration absoluteTimeout;
        private ConflictPolicy conflictPolicy = ConflictPolicy.LAST_WRITER_WINS;
        private int sessionLimit;
        private SessionLimitPolicy sessionLimitPolicy = SessionLimitPolicy.END_OLDEST;
        private Clock clock = Clock.systemUTC();
        private ObjectMapper objectMapper = new ObjectMapper();
        private boolean objectMapperSet;
        private final List<SessionListener> listeners = new ArrayList<>();

        private Builder(Class<T> type) {
            this.type = type;
        }

        /**
         * Sets where sessions are stored. Required.
         * @param store the store
         * @return this builder
         */
        public Builder<T> store(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the secrets that sign and verify cookies, oldest first: the LAST signs new cookies and ALL verify, so
         * a new secret is rotated in by appending it. Required. Note that express-session signs with its FIRST
         * secret: a Node service sharing these cookies lists the same secrets in the reverse order.
         * @param secrets one or more non-blank secrets
         * @return this builder
         * @throws IllegalArgumentException when none is given or one is blank
         */
        public Builder<T> secret(String... secrets) {
            this.secrets = CookieSigner.checkSecrets(Arrays.asList(Objects.requireNonNull(secrets, "secrets")));
            return this;
        }

        /**
         * Sets whether secrets shorter than 32 characters are accepted; default {@code false}: {@link #build()}
         * refuses them, as anyone holding one cookie can guess a short secret offline and then forge any session.
         * Turn it on only while sharing sessions with a service whose secret cannot change yet; a WARN is logged.
         * @param allowShortSecrets the flag
         * @return this builder
         */
        public Builder<T> allowShortSecrets(boolean allowShortSecrets) {
            this.allowShortSecrets = allowShortSecrets;
            return this;
        }

        /**
         * Sets the largest record, in UTF-8 bytes, that a save may write; default 64 KiB. A save of a larger session
         * fails with a {@link SessionException} and writes nothing, so one client cannot grow its session until the
         * store runs out of memory.
         * @param maxRecordSize from 1 KiB to 16 MiB
         * @return this builder
         * @throws IllegalArgumentException when the size is outside that range
         */
        public Builder<T> maxRecordSize(int maxRecordSize) {
            this.maxRecordSize = CookieChecks.checkRange("maxRecordSize", maxRecordSize, 1024, 16 * 1024 * 1024);
            return this;
        }

        /**
         * Sets how long a session may go without a request: idle longer, it is deleted and replaced by a new one at
         * its next load, whatever its cookie says. Each load extends it, in the same round trip. Default none; OWASP
         * ASVS level 2 suggests 30 minutes.
         * @param idleTimeout one second to 400 days, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException when outside that range
         */
        public Builder<T> idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout == null ? null : CookieChecks.checkLifetime("idleTimeout", idleTimeout);
            return this;
        }

        /**
         * Sets how long after its creation a session ends, however it is used: older, it is deleted and replaced by
         * a new one at its next load, and its time-to-live in the store never goes past that deadline. The creation
         * time is kept in the record ({@code __sessionkit.created}). Default none; OWASP ASVS level 2 suggests 12
         * hours.
         *
         * @param absoluteTimeout one second to 400 days, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException when outside that range
         */
        public Builder<T> absoluteTimeout(Duration absoluteTimeout) {
            this.absoluteTimeout = absoluteTimeout == null ? null
                    : CookieChecks.checkLifetime("absoluteTimeout", absoluteTimeout);
            return this;
        }

        /**
         * Sets what a save does with a top-level data key that it and another writer both changed, to different
         * values, since the session was loaded: this request's value wins (the default), or the save fails with
         * {@link SessionConflictException} (409 from the adapters). Keys only one side changed always merge.
         * @param conflictPolicy the policy
         * @return this builder
         */
        public Builder<T> conflictPolicy(ConflictPolicy conflictPolicy) {
            this.conflictPolicy = Objects.requireNonNull(conflictPolicy, "conflictPolicy");
            return this;
        }

        /**
         * Limits the live sessions of one {@linkplain Session#principal(String) principal}, enforced by the store's
         * principal index at each login, atomically, so racing logins cannot pass it: see {@link SessionLimitPolicy}.
         * Without a limit the index's cap of 1,000 still refuses logins past it. Needs a store with the index.
         * @param max the most live sessions per principal, 1 to 1,000; 0 for no limit (the default)
         * @param policy what a login at the limit does
         * @return this builder
         * @throws IllegalArgumentException when {@code max} is out of range
         */
        public Builder<T> sessionLimit(int max, SessionLimitPolicy policy) {
            this.sessionLimit = CookieChecks.checkRange("sessionLimit", max, 0, PrincipalIndex.MAX_SESSIONS);
            this.sessionLimitPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the secrets, oldest first, as {@link #secret(String...)} does.
         * @param secrets one or more non-blank secrets
         * @return this builder
         */
        public Builder<T> secrets(List<String> secrets) {
            this.secrets = CookieSigner.checkSecrets(secrets);
            return this;
        }

        /**
         * Also carries the session id in a header, for API clients without cookies: a request may send the signed
         * value ({@code s:<id>.<signature>}, the cookie's value before URL encoding) in it, and every response that
         * would send the cookie sends it there too (empty to drop it). When a request carries both a valid cookie
         * and a valid header, the cookie wins: it is {@code HttpOnly}, so a value a page script put in a header
         * never replaces the session the browser holds. See the README's "Session ids in a header".
         * @param name the header name, for example {@code X-Session-Id}; {@code null} for none (the default)
         * @return this builder
         * @throws IllegalArgumentException when the name is not a header name, or is {@code Cookie} or
         *     {@code Set-Cookie}
         */
        public Builder<T> idHeader(String name) {
            this.idHeader = name == null ? null : CookieChecks.checkIdHeader(name);
            return this;
        }

        /**
         * Sets whether the session id travels in the cookie; default {@code true}; {@code false} (with an
         * {@link #idHeader(String)}): header-only sessions, no {@code Cookie} read, no {@code Set-Cookie} sent.
         * @param idCookie {@code false} for header-only sessions
         * @return this builder
         */
        public Builder<T> idCookie(boolean idCookie) {
            this.idCookie = idCookie;
            return this;
        }

        /**
         * Sets the cookie name; default {@code connect.sid}, express-session's.
         * @param name a cookie name (visible ASCII without separators)
         * @return this builder
         * @throws IllegalArgumentException when the name is not a valid cookie name
         */
        public Builder<T> name(String name) {
            this.name = CookieChecks.checkName(name);
            return this;
        }

        /**
         * Sets the attributes of new session cookies; default {@link CookieOptions#defaults()}.
         * @param cookie the cookie options
         * @return this builder
         */
        public Builder<T> cookie(CookieOptions cookie) {
            this.cookie = Objects.requireNonNull(cookie, "cookie");
            return this;
        }

        /**
         * Sets the id generator; default a random (version 4) UUID. Ids must be unguessable: they are the key to a
         * user's session, and the signature only proves that this server issued them.
         * @param genid returns a new, non-empty id on every call
         * @return this builder
         */
        public Builder<T> genid(Supplier<String> genid) {
            this.genid = Objects.requireNonNull(genid, "genid");
            return this;
        }

        /**
         * Sets the factory of the data of a new session; default an empty {@link SessionData}, or for another type
         * what Jackson makes of an empty JSON object.
         * @param generate returns fresh data on every call
         * @return this builder
         */
        public Builder<T> generate(Supplier<? extends T> generate) {
            this.generate = Objects.requireNonNull(generate, "generate");
            return this;
        }

        /**
         * Sets whether a new session is saved, and its cookie sent, even when the request did not save it; default
         * {@code false}, so visitors who never log in cost no storage.
         * @param saveUninitialized the flag
         * @return this builder
         */
        public Builder<T> saveUninitialized(boolean saveUninitialized) {
            this.saveUninitialized = saveUninitialized;
            return this;
        }

        /**
         * Sets whether the cookie is sent again on every response of a request that used its session, so a
         * {@code maxAge} counts from the last request rather than from the last save; default {@code false}.
         * @param rolling the flag
         * @return this builder
         */
        public Builder<T> rolling(boolean rolling) {
            this.rolling = rolling;
            return this;
        }

        /**
         * Sets whether the session is saved at the end of every request whose data changed (compared as JSON);
         * default {@code false}, h3-session's rule that nothing is saved unless {@link Session#save()} is called.
         * Unchanged data is never rewritten.
         * @param autoSave the flag
         * @return this builder
         */
        public Builder<T> autoSave(boolean autoSave) {
            this.autoSave = autoSave;
            return this;
        }

        /**
         * Sets whether a request counts as secure when the first value of {@code X-Forwarded-Proto} is
         * {@code https}; default {@code false}. Turn it on only behind a proxy that sets (and overwrites) the header.
         * @param trustProxy the flag
         * @return this builder
         */
        public Builder<T> trustProxy(boolean trustProxy) {
            this.trustProxy = trustProxy;
            return this;
        }

        /**
         * Sets the clock for cookie expiry; default {@link Clock#systemUTC()}. Tests move time with it.
         * @param clock the clock
         * @return this builder
         */
        public Builder<T> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the Jackson mapper for session data; default a plain {@code new ObjectMapper()}.
         * @param objectMapper the mapper
         * @return this builder
         */
        public Builder<T> objectMapper(ObjectMapper objectMapper) {
            this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
            this.objectMapperSet = true;
            return this;
        }

        /**
         * Adds a listener of session events and store calls, for metrics or audit logs; called in the order added.
         * See {@link SessionListener}.
         * @param listener the listener
         * @return this builder
         */
        public Builder<T> listener(SessionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Applies options given as strings, as web.xml init-params, {@code application.yml}, a properties file or
         * environment variables carry them. Keys are the builder's method names ({@code secret}, {@code rolling},
         * {@code cookie.maxAge}, …); case, {@code -} and {@code _} are ignored, so {@code cookie.max-age} works too.
         * The keys and their values are listed in the README's "Options as strings" table, made from the same list
         * this method reads. Cookie options given here change the cookie options set before, one by one.
         *
         * @param properties the options; the store is not among them
         * @return this builder
         * @throws IllegalArgumentException for an unknown key or a bad value, naming the key
         */
        public Builder<T> properties(Map<String, String> properties) {
            Objects.requireNonNull(properties, "properties");
            CookieOptions.Builder cookieBuilder = CookieOptions.builder(cookie);
            PropertyOptions.apply(properties, this, cookieBuilder);
            this.cookie = cookieBuilder.build();
            return this;
        }

        /**
         * Returns the configuration.
         *
         * @return the immutable configuration
         * @throws IllegalStateException when the store or the secret is missing
         * @throws IllegalArgumentException when the options contradict each other, a secret is shorter than 32
         *     characters (unless {@link #allowShortSecrets(boolean)}), or the data type has a {@code cookie}
         *     property
         */
        public SessionConfig<T> build() {
            if (store == null) {
                throw new IllegalStateException("no store set: call store(...) with a SessionStore, for example "
                        + "CaffeineSessionStore.create() for a single process or a RedisSessionStore to share "
                        + "sessions between instances");
            }
            if (secrets == null) {
                throw new IllegalStateException("no secret set: call secret(...) with a long random string, for "
                        + "example read from an environment variable; never commit it");
            }
            if (!idCookie && idHeader == null) {
                throw new IllegalStateException("idCookie(false) leaves no way to carry the session id: set an "
                        + "idHeader, or keep the cookie");
            }
            CookieSigner.checkStrength(secrets, allowShortSecrets);
            cookie.checkNamePrefix(name);
            return new SessionConfig<>(this);
        }
    }
}
