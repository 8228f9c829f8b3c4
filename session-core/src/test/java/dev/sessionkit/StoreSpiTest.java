package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.store.PrincipalIndex;
import dev.sessionkit.store.SessionEnumeration;
import dev.sessionkit.store.SessionRecord;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.StoreFacets;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The store SPI's shape: narrow, nothing optional that throws, no capability probes, the compare-and-set required,
 * and optional capabilities reached through facets.
 */
class StoreSpiTest {

    private static List<Method> declared() {
        return Arrays.stream(SessionStore.class.getDeclaredMethods()).filter(m -> !m.isSynthetic())
                .filter(m -> !Modifier.isStatic(m.getModifiers())).toList();
    }

    @Test
    void sessionStore_declaresAtMostSevenMethods_noBooleanProbe() {
        List<Method> methods = declared();

        assertThat(methods).hasSizeLessThanOrEqualTo(7);
        assertThat(methods).as("no capability probe: a no-argument method answering a boolean")
                .noneMatch(m -> m.getParameterCount() == 0 && m.getReturnType() == boolean.class);
    }

    @Test
    void sessionStore_compareAndSetIsRequired_onlyReadAndTouchAndFacetsHaveDefaults() throws Exception {
        assertThat(SessionStore.class.getMethod("replace", String.class, String.class, SessionRecord.class).isDefault())
                .as("a store must implement the compare-and-set: there is no last-writer-wins fallback").isFalse();
        assertThat(declared()).filteredOn(Method::isDefault).extracting(Method::getName)
                .containsExactlyInAnyOrder("getAndTouch", "facets");
    }

    @Test
    void defaults_ofAStoreWithOnlyTheRequiredMethods_answerWithoutThrowing() {
        AtomicReference<String> touched = new AtomicReference<>();
        SessionStore minimal = new SessionStore() {
            @Override
            public Optional<String> get(String id) {
                return Optional.of("{\"cookie\":{}}");
            }

            @Override
            public boolean set(String id, SessionRecord record, SetMode mode) {
                return true;
            }

            @Override
            public Replaced replace(String id, String expected, SessionRecord record) {
                return Replaced.written();
            }

            @Override
            public void touch(String id, SessionRecord record) {
                touched.set(id + "@" + record.expiresAt().orElseThrow());
            }

            @Override
            public void destroy(String id) {
            }
        };

        assertThat(minimal.facets().enumeration()).isEmpty();
        assertThat(minimal.facets().principalIndex()).isEmpty();
        assertThat(minimal.getAndTouch("a", Instant.EPOCH)).contains("{\"cookie\":{}}");
        assertThat(touched.get()).as("getAndTouch's default is a get, then a touch").isEqualTo("a@" + Instant.EPOCH);
    }

    @Test
    void facets_carryWhatTheStoreOffers_andRefuseNull() {
        SessionEnumeration enumeration = new SessionEnumeration() {
            @Override
            public Set<String> ids() {
                return Set.of("a");
            }

            @Override
            public long length() {
                return 1;
            }

            @Override
            public void clear() {
            }
        };

        StoreFacets facets = StoreFacets.none().withEnumeration(enumeration);

        assertThat(facets.enumeration()).containsSame(enumeration);
        assertThat(facets.principalIndex()).isEmpty();
        assertThat(enumeration.estimatedSize()).as("no cheap estimate by default").isEqualTo(OptionalLong.empty());
        assertThat(StoreFacets.none().enumeration()).isEmpty();
        assertThatThrownBy(() -> StoreFacets.none().withPrincipalIndex(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("principalIndex");
        assertThat(new PrincipalIndex.StoredSession("secret-id", "{\"user\":\"ada\"}", null).toString())
                .doesNotContain("secret-id").doesNotContain("ada");
    }

    @Test
    void facetsMap_wrapsOnlyWhatIsPresent() {
        SessionEnumeration inner = new SessionEnumeration() {
            @Override
            public Set<String> ids() {
                return Set.of();
            }

            @Override
            public long length() {
                return 7;
            }

            @Override
            public void clear() {
            }
        };
        AtomicReference<SessionEnumeration> wrapped = new AtomicReference<>();

        StoreFacets mapped = StoreFacets.none().withEnumeration(inner).map(e -> {
            wrapped.set(e);
            return e;
        }, index -> {
            throw new AssertionError("no index to wrap");
        });

        assertThat(wrapped.get()).isSameAs(inner);
        assertThat(mapped.enumeration()).containsSame(inner);
        assertThat(mapped.principalIndex()).isEmpty();
    }
}
