package dev.sessionkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.spring.app.Member;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import tools.jackson.databind.json.JsonMapper;

/** Spring Security's objects through {@link SecurityAttributeCodec}: JSON both ways, never an unlisted class. */
class SecurityAttributeCodecTest {

    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    private static SecurityContextImpl login(Object principal) {
        return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(principal, null,
                List.of(new SimpleGrantedAuthority("ROLE_USER"))));
    }

    @Test
    void securityContext_roundTripsAsPlainJsonWithSpringSecuritysTypeIds() {
        SecurityAttributeCodec codec = SecurityAttributeCodec.create();

        Object stored = codec.write(login("ada"));
        SecurityContextImpl back = (SecurityContextImpl) codec.read(stored, SecurityContextImpl.class);

        assertThat(stored).isInstanceOf(Map.class);
        assertThat(PLAIN.writeValueAsString(stored)).contains("\"@class\":\"org.springframework.security.core.context"
                + ".SecurityContextImpl\"");
        assertThat(back.getAuthentication().getName()).isEqualTo("ada");
        assertThat(back.getAuthentication().getAuthorities()).extracting(Object::toString).containsExactly("ROLE_USER");
    }

    @Test
    void csrfToken_roundTrips() {
        SecurityAttributeCodec codec = SecurityAttributeCodec.create();

        DefaultCsrfToken back = (DefaultCsrfToken) codec.read(codec.write(new DefaultCsrfToken("X-CSRF-TOKEN",
                "_csrf", "t0ken")), DefaultCsrfToken.class);

        assertThat(back.getToken()).isEqualTo("t0ken");
    }

    @Test
    void allows_springSecurityAndTheListedApplicationNames_only() {
        SecurityAttributeCodec codec = SecurityAttributeCodec.allowing(List.of("dev.sessionkit.spring.app."));

        assertThat(codec.allows(SecurityContextImpl.class.getName())).isTrue();
        assertThat(codec.allows(Member.class.getName())).isTrue();
        assertThat(codec.allows(Tripwire.class.getName())).isFalse();
        assertThat(codec.allows("java.lang.ProcessBuilder")).isFalse();
        assertThat(SecurityAttributeCodec.create().allows(Member.class.getName())).isFalse();
    }

    @Test
    void anApplicationPrincipal_inAnAllowedPackage_roundTrips() {
        SecurityAttributeCodec codec = SecurityAttributeCodec.allowing(List.of("dev.sessionkit.spring.app."));

        SecurityContextImpl back = (SecurityContextImpl) codec.read(codec.write(login(new Member("ada", 3))),
                SecurityContextImpl.class);

        assertThat(back.getAuthentication().getPrincipal()).isInstanceOf(Member.class);
        assertThat(((Member) back.getAuthentication().getPrincipal()).level).isEqualTo(3);
    }

    /** A stored login whose principal names a class off the list: refused by the type validator, never loaded. */
    @Test
    void aNestedTypeIdOffTheList_isRefused_theClassNeverInitialised() {
        SecurityAttributeCodec codec = SecurityAttributeCodec.allowing(List.of("dev.sessionkit.spring.app."));
        String json = PLAIN.writeValueAsString(codec.write(login(new Member("ada", 3))))
                .replace(Member.class.getName(), "dev.sessionkit.spring.Tripwire");
        Object stored = PLAIN.readValue(json, Map.class);

        assertThatThrownBy(() -> codec.read(stored, SecurityContextImpl.class)).isInstanceOf(RuntimeException.class);
        assertThat(System.getProperty(Tripwire.TRACE)).as("never initialised nor built").isNull();
    }
}
