package dev.sessionkit;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    private final SessionStore store;
    private final List<String> secrets;
    private final String name;
    private final CookieOptions cookie;
    private final Supplier<String> genid;
    private final Supplier<? extends T> generate;
    private final boolean saveUninitialized;
    private final boolean rolling;
    private final boolean autoSave;
    private final boolean trustProxy;
    private final Clock clock;
    private final ObjectMapper objectMapper;
    private final JavaType dataType;

    private SessionConfig(Builder<T> b, Supplier<? extends T> generate) {
        this.store = b.store;
        this.secrets = b.secrets;
        this.name = b.name;
        this.cookie = b.cookie;
        this.genid = b.genid;
        this.generate = generate;
        this.saveUninitialized = b.saveUninitialized;
        this.rolling = b.rolling;
        this.autoSave = b.autoSave;
        this.trustProxy = b.trustProxy;
        this.clock = b.clock;
        this.objectMapper = b.objectMapper;
        this.dataType = b.objectMapper.constructType(b.type);
    }

    /**
     * Returns a builder for sessions whose data is a {@link SessionData} map.
     *
     * @return a new builder
     */
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

    /**
     * Returns the store.
     *
     * @return the store
     */
    public SessionStore store() {
        return store;
    }

    /**
     * Returns the cookie name; default {@code connect.sid}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the cookie attributes a new session starts with.
     *
     * @return the cookie options
     */
    public CookieOptions cookie() {
        return cookie;
    }

    /**
     * Returns whether new sessions are saved even when nothing was put in them; default {@code false}.
     *
     * @return the flag
     */
    public boolean saveUninitialized() {
        return saveUninitialized;
    }

    /**
     * Returns whether the cookie is sent on every response that uses the session; default {@code false}.
     *
     * @return the flag
     */
    public boolean rolling() {
        return rolling;
    }

    /**
     * Returns whether changed data is saved at the end of each request; default {@code false}.
     *
     * @return the flag
     */
    public boolean autoSave() {
        return autoSave;
    }

    /**
     * Returns whether {@code X-Forwarded-Proto} is trusted; default {@code false}.
     *
     * @return the flag
     */
    public boolean trustProxy() {
        return trustProxy;
    }

    /**
     * Returns the clock; default the system UTC clock.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Returns the object mapper used for session data.
     *
     * @return the mapper
     */
    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    List<String> secrets() {
        return secrets;
    }

    JavaType dataType() {
        return dataType;
    }

    String newId() {
        String id = genid.get();
        if (id == null || id.isEmpty()) {
            throw new IllegalStateException("genid returned " + (id == null ? "null" : "an empty string")
                    + ": it must return a new, unguessable, non-empty id on every call");
        }
        return id;
    }

    T newData() {
        T data = generate.get();
        if (data == null) {
            throw new IllegalStateException("generate returned null: it must return fresh initial session data");
        }
        return data;
    }

    @Override
    public String toString() {
        return "SessionConfig{store=" + store.getClass().getSimpleName() + ", secrets=" + secrets.size()
                + ", name=" + name + ", cookie=" + cookie + ", saveUninitialized=" + saveUninitialized
                + ", rolling=" + rolling + ", autoSave=" + autoSave + ", trustProxy=" + trustProxy
                + ", dataType=" + dataType + '}';
    }

    /**
     * Builds a {@link SessionConfig}. Each method checks its argument at once (NPE for {@code null}, IAE for a bad
     * value); {@link #build()} checks that the required options are set and that the options fit together.
     * Not thread-safe.
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
        private Clock clock = Clock.systemUTC();
        private ObjectMapper objectMapper = new ObjectMapper();

        private Builder(Class<T> type) {
            this.type = type;
        }

        /**
         * Sets where sessions are stored. Required.
         *
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
         *
         * @param secrets one or more non-blank secrets
         * @return this builder
         * @throws IllegalArgumentException when none is given or one is blank
         */
        public Builder<T> secret(String... secrets) {
            this.secrets = CookieSigner.checkSecrets(Arrays.asList(Objects.requireNonNull(secrets, "secrets")));
            return this;
        }

        /**
         * Sets the secrets, oldest first, as {@link #secret(String...)} does.
         *
         * @param secrets one or more non-blank secrets
         * @return this builder
         * @throws IllegalArgumentException when the list is empty or a secret is blank
         */
        public Builder<T> secrets(List<String> secrets) {
            this.secrets = CookieSigner.checkSecrets(secrets);
            return this;
        }

        /**
         * Sets the cookie name; default {@code connect.sid}, express-session's.
         *
         * @param name a cookie name (visible ASCII without separators)
         * @return this builder
         * @throws IllegalArgumentException when the name is not a valid cookie name
         */
        public Builder<T> name(String name) {
            this.name = Cookies.checkName(name);
            return this;
        }

        /**
         * Sets the attributes of new session cookies; default {@link CookieOptions#defaults()}.
         *
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
         *
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
         *
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
         *
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
         *
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
         *
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
         *
         * @param trustProxy the flag
         * @return this builder
         */
        public Builder<T> trustProxy(boolean trustProxy) {
            this.trustProxy = trustProxy;
            return this;
        }

        /**
         * Sets the clock for cookie expiry; default {@link Clock#systemUTC()}. Tests move time with it.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder<T> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the Jackson mapper for session data; default a plain {@code new ObjectMapper()}.
         *
         * @param objectMapper the mapper
         * @return this builder
         */
        public Builder<T> objectMapper(ObjectMapper objectMapper) {
            this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
            return this;
        }

        /**
         * Applies options given as strings, as web.xml init-params, a properties file or environment variables carry
         * them. Keys are the builder's method names ({@code secret}, {@code name}, {@code saveUninitialized},
         * {@code rolling}, {@code autoSave}, {@code trustProxy}, {@code cookie.maxAge}, {@code cookie.sameSite},
         * {@code cookie.secure}, {@code cookie.path}, {@code cookie.domain}, {@code cookie.httpOnly},
         * {@code cookie.partitioned}, {@code cookie.priority}); case, {@code -} and {@code _} are ignored, so
         * {@code cookie.max-age} works too. Values: {@code true}/{@code false}; {@code cookie.secure} also
         * {@code auto}; {@code cookie.maxAge} in whole seconds or ISO-8601 ({@code PT1H}); {@code cookie.sameSite}
         * {@code strict}, {@code lax}, {@code none}, {@code auto} or {@code off}; {@code secret} one or more
         * comma-separated secrets, oldest first, each of which may be {@code env:NAME} to read an environment
         * variable. Cookie options given here replace any set by {@link #cookie(CookieOptions)} before.
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
         * @throws IllegalArgumentException when the options contradict each other, or the data type has a
         *     {@code cookie} property
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
            Cookies.checkNamePrefix(name, cookie);
            checkNoCookieProperty();
            Supplier<? extends T> factory = generate != null ? generate : defaultGenerate();
            return new SessionConfig<>(this, factory);
        }

        @SuppressWarnings("unchecked")
        private Supplier<? extends T> defaultGenerate() {
            if (type == SessionData.class) {
                return () -> (T) new SessionData();
            }
            ObjectMapper mapper = objectMapper;
            try {
                mapper.convertValue(Map.of(), type);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot create an empty " + type.getName() + " from '{}': give "
                        + "it a no-argument constructor or set generate(...)", e);
            }
            return () -> mapper.convertValue(Map.of(), type);
        }

        private void checkNoCookieProperty() {
            if (type == SessionData.class || Map.class.isAssignableFrom(type)) {
                return;
            }
            JavaType javaType = objectMapper.constructType(type);
            for (BeanPropertyDefinition property
                    : objectMapper.getSerializationConfig().introspect(javaType).findProperties()) {
                if (property.getName().equals("cookie")) {
                    throw new IllegalArgumentException(type.getName() + " has a JSON property 'cookie', which "
                            + "express-session reserves for the session cookie: rename it (@JsonProperty)");
                }
            }
        }
    }
}
