package dev.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CookieOptionsTest {

    @Test
    void defaults_hThreeSessionCookie() {
        CookieOptions options = CookieOptions.defaults();

        assertThat(options.path()).isEqualTo("/");
        assertThat(options.httpOnly()).isTrue();
        assertThat(options.secure()).isTrue();
        assertThat(options.secureAuto()).isFalse();
        assertThat(options.maxAge()).isEmpty();
        assertThat(options.expires()).isEmpty();
        assertThat(options.domain()).isEmpty();
        assertThat(options.sameSite()).isEqualTo(SameSite.LAX);
        assertThat(options.partitioned()).isFalse();
        assertThat(options.priority()).isEmpty();
    }

    @Test
    void builder_noChanges_equalsDefaults() {
        CookieOptions built = CookieOptions.builder().build();

        assertThat(built.toString()).isEqualTo(CookieOptions.defaults().toString());
    }

    @Test
    void build_everyAttribute_reportedBack() {
        CookieOptions options = CookieOptions.builder().path("/app").domain("example.com").httpOnly(false)
                .maxAge(Duration.ofHours(2)).sameSite(SameSite.NONE).partitioned(true)
                .priority(CookiePriority.LOW).build();

        assertThat(options.path()).isEqualTo("/app");
        assertThat(options.domain()).contains("example.com");
        assertThat(options.httpOnly()).isFalse();
        assertThat(options.maxAge()).contains(Duration.ofHours(2));
        assertThat(options.sameSite()).isEqualTo(SameSite.NONE);
        assertThat(options.partitioned()).isTrue();
        assertThat(options.priority()).contains(CookiePriority.LOW);
    }

    @Test
    void build_maxAgeAndExpires_throwsIllegalArgument() {
        CookieOptions.Builder builder = CookieOptions.builder().maxAge(Duration.ofDays(1))
                .expires(Instant.parse("2030-01-02T03:04:05Z"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAge")
                .hasMessageContaining("expires");
    }

    @Test
    void build_sameSiteNoneWithoutSecure_throwsIllegalArgument() {
        CookieOptions.Builder builder = CookieOptions.builder().sameSite(SameSite.NONE).secure(false);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SameSite=None");
    }

    @Test
    void build_sameSiteNoneWithSecureAuto_refused_noneWhenSecureAccepted() {
        // secure: auto omits Secure on plain HTTP, where SameSite=None without Secure is refused by browsers.
        assertThatThrownBy(() -> CookieOptions.builder().sameSite(SameSite.NONE).secureAuto().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NONE_WHEN_SECURE");
        CookieOptions options = CookieOptions.builder().sameSite(SameSite.NONE_WHEN_SECURE).secureAuto().build();

        assertThat(options.secureAuto()).isTrue();
        assertThat(options.forRequest(true).sameSite().attribute(true)).isEqualTo("None");
        assertThat(options.forRequest(false).sameSite().attribute(false)).isEqualTo("Lax");
    }

    @Test
    void build_secureFalseAfterSecureAuto_clearsAutoAndRefusesNone() {
        CookieOptions.Builder builder = CookieOptions.builder().sameSite(SameSite.NONE).secureAuto().secure(false);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void build_partitionedWithoutSecure_throwsIllegalArgument() {
        CookieOptions.Builder builder = CookieOptions.builder().partitioned(true).secure(false);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Partitioned");
    }

    @Test
    void build_partitionedWithSecureAuto_accepted() {
        assertThat(CookieOptions.builder().partitioned(true).secureAuto().build().partitioned()).isTrue();
    }

    @Test
    void path_withSemicolon_throwsIllegalArgumentNamingValue() {
        assertThatThrownBy(() -> CookieOptions.builder().path("/a;b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/a;b");
    }

    @Test
    void domain_invalid_throwsIllegalArgumentNamingValue() {
        assertThatThrownBy(() -> CookieOptions.builder().domain("bad domain"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad domain");
    }

    @Test
    void domain_null_hostOnlyCookie() {
        assertThat(CookieOptions.builder().domain("example.com").domain(null).build().domain()).isEmpty();
    }

    @Test
    void maxAge_over400Days_orExpiresBeyond9999_refusedAtBuild() {
        assertThat(CookieOptions.builder().maxAge(Duration.ofDays(400)).build().maxAge()).contains(Duration.ofDays(400));
        assertThatThrownBy(() -> CookieOptions.builder().maxAge(Duration.ofDays(401)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("400 days");
        assertThatThrownBy(() -> CookieOptions.builder().maxAge(Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CookieOptions.builder().expires(java.time.Instant.MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9999");
    }

    @Test
    void maxAge_underOneSecond_throwsIllegalArgumentNamingValue() {
        assertThatThrownBy(() -> CookieOptions.builder().maxAge(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0.5S");
    }

    @Test
    void builderMethods_null_throwNullPointerNamingArgument() {
        assertThatThrownBy(() -> CookieOptions.builder().path(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("path");
        assertThatThrownBy(() -> CookieOptions.builder().sameSite(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("sameSite");
    }

    @Test
    void toString_secureAuto_showsAuto() {
        assertThat(CookieOptions.builder().secureAuto().build().toString()).contains("secure=auto");
    }
}
