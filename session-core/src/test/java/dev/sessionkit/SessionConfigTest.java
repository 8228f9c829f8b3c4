package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionConfigTest {

    private static final String SECRET = "s3cr3t-value-that-must-never-leak";

    /** A store that holds nothing; the config only keeps a reference to it. */
    private static final class StubStore implements SessionStore {
        @Override
        public Optional<String> get(String id) {
            return Optional.empty();
        }

        @Override
        public boolean set(String id, SessionRecord record, SetMode mode) {
            return false;
        }

        @Override
        public Replaced replace(String id, String expected, SessionRecord record) {
            return Replaced.gone();
        }

        @Override
        public void touch(String id, SessionRecord record) {
        }

        @Override
        public void destroy(String id) {
        }
    }

    /** A data class whose JSON would collide with express-session's cookie. */
    static final class WithCookie {
        public String cookie;
    }

    /** A data class without a cookie property. */
    static final class Cart {
        public int items;
    }

    private static SessionConfig.Builder<SessionData> valid() {
        return SessionConfig.builder().store(new StubStore()).secret(SECRET);
    }

    @Test
    void build_storeAndSecret_defaults() {
        StubStore store = new StubStore();
        SessionConfig<SessionData> config = SessionConfig.builder().store(store).secret(SECRET).build();

        assertThat(config.store()).isSameAs(store);
        assertThat(config.name()).isEqualTo("connect.sid");
        assertThat(config.cookie().path()).isEqualTo("/");
        assertThat(config.cookie().httpOnly()).isTrue();
        assertThat(config.cookie().secure()).isTrue();
        assertThat(config.cookie().secureAuto()).isFalse();
        assertThat(config.cookie().maxAge()).isEmpty();
        assertThat(config.cookie().expires()).isEmpty();
        assertThat(config.cookie().domain()).isEmpty();
        assertThat(config.cookie().sameSite()).isEqualTo(SameSite.LAX);
        assertThat(config.saveUninitialized()).isFalse();
        assertThat(config.rolling()).isFalse();
        assertThat(config.autoSave()).isFalse();
        assertThat(config.trustProxy()).isFalse();
        assertThat(config.secrets).containsExactly(SECRET);
        assertThat(SessionRuntime.of(config).newData()).isInstanceOf(SessionData.class);
        assertThat(SessionRuntime.of(config).newData().isEmpty()).isTrue();
        assertThat(SessionRuntime.of(config).newId()).isNotEmpty().isNotEqualTo(SessionRuntime.of(config).newId());
    }

    @Test
    void build_withoutStore_throwsIllegalStateSayingWhatToCall() {
        assertThatThrownBy(() -> SessionConfig.builder().secret(SECRET).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("store(");
    }

    @Test
    void build_withoutSecret_throwsIllegalStateSayingWhatToCall() {
        assertThatThrownBy(() -> SessionConfig.builder().store(new StubStore()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secret(");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "\t"})
    void secret_blank_throwsIllegalArgument(String blank) {
        assertThatThrownBy(() -> SessionConfig.builder().secret(blank))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void secret_noArguments_throwsIllegalArgument() {
        assertThatThrownBy(() -> SessionConfig.builder().secret())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no secret");
    }

    @Test
    void secrets_emptyList_throwsIllegalArgument() {
        assertThatThrownBy(() -> SessionConfig.builder().secrets(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no secret");
    }

    @Test
    void secrets_rotationList_keptInOrder() {
        SessionConfig<SessionData> config = SessionConfig.builder().store(new StubStore())
                .secrets(List.of("old-" + SECRET, "new-" + SECRET)).build();

        assertThat(config.secrets).containsExactly("old-" + SECRET, "new-" + SECRET);
    }

    @Test
    void build_secretShorterThan32_refusedWithHowToMakeOne_withoutTheSecret() {
        assertThatThrownBy(() -> SessionConfig.builder().store(new StubStore())
                .secrets(List.of(SECRET, "keyboard cat")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret #2 of 2 has 12 characters")
                .hasMessageContaining("openssl rand")
                .hasMessageContaining("allowShortSecrets")
                .hasMessageNotContaining("keyboard cat");
        assertThat(SessionConfig.builder().store(new StubStore()).secret("x".repeat(32)).build()).isNotNull();
    }

    @Test
    void build_shortSecretExplicitlyAllowed_accepted() {
        SessionConfig<SessionData> config = SessionConfig.builder().store(new StubStore()).secret("keyboard cat")
                .allowShortSecrets(true).build();

        assertThat(config.secrets).containsExactly("keyboard cat");
    }

    @Test
    void maxRecordSize_default64KiB_outOfRangeRefused() {
        assertThat(valid().build().maxRecordSize()).isEqualTo(65_536);
        assertThat(valid().maxRecordSize(1024).build().maxRecordSize()).isEqualTo(1024);
        assertThatThrownBy(() -> valid().maxRecordSize(1023)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1023");
        assertThatThrownBy(() -> valid().maxRecordSize(16 * 1024 * 1024 + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertNpeNaming(ThrowingCallable call, String argument) {
        assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessageContaining(argument);
    }

    @Test
    void builderMethods_null_throwNullPointerNamingArgument() {
        assertNpeNaming(() -> SessionConfig.builder(null), "type");
        assertNpeNaming(() -> SessionConfig.builder().store(null), "store");
        assertNpeNaming(() -> SessionConfig.builder().secret((String[]) null), "secrets");
        assertNpeNaming(() -> SessionConfig.builder().secrets(null), "secrets");
        assertNpeNaming(() -> SessionConfig.builder().name(null), "name");
        assertNpeNaming(() -> SessionConfig.builder().cookie(null), "cookie");
        assertNpeNaming(() -> SessionConfig.builder().genid(null), "genid");
        assertNpeNaming(() -> SessionConfig.builder().generate(null), "generate");
        assertNpeNaming(() -> SessionConfig.builder().clock(null), "clock");
        assertNpeNaming(() -> SessionConfig.builder().objectMapper(null), "objectMapper");
    }

    @Test
    void secrets_listWithNull_throwsNullPointerNamingIt() {
        assertNpeNaming(() -> SessionConfig.builder().secrets(Arrays.asList("a", null)), "secret #2");
    }

    @Test
    void secret_varargsWithNull_throwsNullPointerNamingIt() {
        assertNpeNaming(() -> SessionConfig.builder().secret("a", null), "secret #2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad name", "a;b", "a=b", ""})
    void name_invalid_throwsIllegalArgumentNamingValue(String name) {
        assertThatThrownBy(() -> SessionConfig.builder().name(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    @Test
    void build_hostPrefixWithDomain_throwsIllegalArgument() {
        CookieOptions cookie = CookieOptions.builder().domain("example.com").build();

        assertThatThrownBy(() -> valid().name("__Host-sid").cookie(cookie).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("__Host-sid");
    }

    @Test
    void build_hostPrefixWithNonRootPath_throwsIllegalArgument() {
        CookieOptions cookie = CookieOptions.builder().path("/app").build();

        assertThatThrownBy(() -> valid().name("__Host-sid").cookie(cookie).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("__Host-sid");
    }

    @Test
    void build_hostPrefixWithInsecureCookie_throwsIllegalArgument() {
        CookieOptions cookie = CookieOptions.builder().secure(false).build();

        assertThatThrownBy(() -> valid().name("__Host-sid").cookie(cookie).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void build_hostPrefixWithDefaults_accepted() {
        assertThat(valid().name("__Host-sid").build().name()).isEqualTo("__Host-sid");
    }

    @Test
    void build_securePrefixWithInsecureCookie_throwsIllegalArgument() {
        CookieOptions cookie = CookieOptions.builder().secure(false).build();

        assertThatThrownBy(() -> valid().name("__Secure-sid").cookie(cookie).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("__Secure-sid");
    }

    @Test
    void build_securePrefixWithSecureCookieAndDomain_accepted() {
        CookieOptions cookie = CookieOptions.builder().domain("example.com").path("/app").build();

        assertThatCode(() -> valid().name("__Secure-sid").cookie(cookie).build()).doesNotThrowAnyException();
    }

    @Test
    void build_dataClassWithCookieProperty_throwsIllegalArgument() {
        assertThatThrownBy(() -> SessionConfig.builder(WithCookie.class).store(new StubStore()).secret(SECRET).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(WithCookie.class.getName())
                .hasMessageContaining("cookie");
    }

    @Test
    void build_dataClassWithoutCookieProperty_generatesEmptyInstance() {
        SessionConfig<Cart> config = SessionConfig.builder(Cart.class).store(new StubStore()).secret(SECRET).build();

        assertThat(SessionRuntime.of(config).newData()).isInstanceOf(Cart.class);
        assertThat(SessionRuntime.of(config).newData().items).isZero();
        assertThat(config.data.javaType().getRawClass()).isEqualTo(Cart.class);
    }

    @Test
    void build_flagsSet_reportedBack() {
        SessionConfig<SessionData> config = valid().saveUninitialized(true).rolling(true).autoSave(true)
                .trustProxy(true).build();

        assertThat(config.saveUninitialized()).isTrue();
        assertThat(config.rolling()).isTrue();
        assertThat(config.autoSave()).isTrue();
        assertThat(config.trustProxy()).isTrue();
    }

    @Test
    void genid_default_randomUuidVersion4_122RandomBits() {
        SessionRuntime<SessionData> runtime = SessionRuntime.of(valid().build());
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = runtime.newId();
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            ids.add(id);
        }

        assertThat(ids).as("UUID.randomUUID draws from SecureRandom: no repeats").hasSize(10_000);
    }

    @Test
    void newId_genidReturningEmpty_throwsIllegalState() {
        SessionConfig<SessionData> config = valid().genid(() -> "").build();

        assertThatThrownBy(SessionRuntime.of(config)::newId).isInstanceOf(IllegalStateException.class).hasMessageContaining("genid");
    }

    @Test
    void toString_withSecrets_neverContainsSecret() {
        SessionConfig<SessionData> config = SessionConfig.builder().store(new StubStore())
                .secrets(List.of("old-" + SECRET, SECRET))
                .cookie(CookieOptions.builder().maxAge(Duration.ofDays(1)).build())
                .build();

        assertThat(config.toString())
                .contains("connect.sid")
                .doesNotContain(SECRET)
                .doesNotContain("s3cr3t");
    }
}
