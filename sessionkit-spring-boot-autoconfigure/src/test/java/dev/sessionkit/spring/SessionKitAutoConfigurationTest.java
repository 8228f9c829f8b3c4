package dev.sessionkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.SameSite;
import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.event.SessionEvent;
import dev.sessionkit.event.SessionListener;
import dev.sessionkit.metrics.micrometer.SessionMetrics;
import dev.sessionkit.servlet.AttributeCodec;
import dev.sessionkit.servlet.SessionFilter;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import dev.sessionkit.store.redis.RedisSessionStore;
import dev.sessionkit.testkit.InMemoryExchange;
import dev.sessionkit.testkit.InMemorySessionStore;
import dev.sessionkit.testsupport.redis.RedisServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.core.session.SessionRegistry;

/** Each condition of {@link SessionKitAutoConfiguration}, in a servlet application context without a server. */
@ExtendWith(OutputCaptureExtension.class)
class SessionKitAutoConfigurationTest {

    private static final String SECRET = "sessionkit.secret=auto-configuration test secret of 32+ chars";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SessionKitAutoConfiguration.class))
            .withPropertyValues(SECRET);

    @Test
    void noStoreBean_inMemoryStore_filterBeforeSpringSecurity_onEveryDispatch() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SessionStore.class)).isInstanceOf(CaffeineSessionStore.class);
            @SuppressWarnings("unchecked")
            FilterRegistrationBean<SessionFilter> filter = context.getBean("sessionKitFilter",
                    FilterRegistrationBean.class);
            assertThat(filter.getOrder()).isEqualTo(SessionKitAutoConfiguration.FILTER_ORDER).isLessThan(-100);
            assertThat(filter.determineDispatcherTypes()).isEqualTo(EnumSet.allOf(DispatcherType.class));
        });
    }

    @Test
    void sessionkitProperties_andBootsSessionProperties_sessionkitWinning() {
        runner.withPropertyValues("sessionkit.idle-timeout=PT20M", "sessionkit.cookie.same-site=strict",
                        "server.servlet.session.timeout=45m", "server.servlet.session.cookie.name=SID",
                        "server.servlet.session.cookie.same-site=None", "server.servlet.session.cookie.domain=example.org")
                .run(context -> {
                    SessionConfig<?> config = context.getBean(SessionConfig.class);
                    assertThat(config.idleTimeout()).contains(Duration.ofMinutes(20)); // sessionkit.* wins
                    assertThat(config.cookie().sameSite()).isEqualTo(SameSite.STRICT);
                    assertThat(config.name()).isEqualTo("SID"); // Boot's, as nothing else set it
                    assertThat(config.cookie().domain()).contains("example.org");
                });
        runner.withPropertyValues("server.servlet.session.timeout=45m").run(context ->
                assertThat(context.getBean(SessionConfig.class).idleTimeout()).contains(Duration.ofMinutes(45)));
    }

    /** As Spring Boot ignores an unknown property: with a warning naming it (a typo shows in the log). */
    @Test
    void anUnknownSessionkitKey_isIgnored_withAWarningNamingIt(CapturedOutput output) {
        runner.withPropertyValues("sessionkit.idel-timeout=PT20M", "sessionkit.interop.node.dir=/tmp").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SessionConfig.class).idleTimeout()).isEmpty();
        });
        assertThat(output).contains("SessionKit ignores the unknown properties [sessionkit.idel-timeout, "
                + "sessionkit.interop.node.dir]");
    }

    @Test
    void redisProperty_redisStore() {
        runner.withPropertyValues("sessionkit.redis.url=" + RedisServers.standalone()).run(context ->
                assertThat(context.getBean(SessionStore.class)).isInstanceOf(RedisSessionStore.class));
    }

    @Test
    void blankRedisProperty_isUnset_inMemory() {
        runner.withPropertyValues("sessionkit.redis.url=").run(context ->
                assertThat(context.getBean(SessionStore.class)).isInstanceOf(CaffeineSessionStore.class));
    }

    @Test
    void noSecret_orABlankOne_failsTheStart_namingTheProperty() {
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(SessionKitAutoConfiguration.class))
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("sessionkit.secret")
                        .hasMessageContaining("SESSIONKIT_SECRET"));
        runner.withPropertyValues("sessionkit.secret= ").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("sessionkit.secret"));
    }

    @Test
    void redisProperty_withoutTheRedisStoreModule_failsSayingWhichToAdd() {
        runner.withPropertyValues("sessionkit.redis.url=redis://127.0.0.1:1")
                .withClassLoader(new FilteredClassLoader(RedisSessionStore.class))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("add the dependency dev.sessionkit:session-store-redis"));
    }

    @Test
    void noStoreModuleAtAll_failsSayingWhatToDo() {
        runner.withClassLoader(new FilteredClassLoader(CaffeineSessionStore.class, RedisSessionStore.class))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("SessionKit has no SessionStore"));
    }

    @Test
    void ownStoreBean_wins() {
        InMemorySessionStore own = InMemorySessionStore.create(java.time.Clock.systemUTC());
        runner.withBean(SessionStore.class, () -> own).run(context -> {
            assertThat(context.getBean(SessionStore.class)).isSameAs(own);
            assertThat(context).doesNotHaveBean(SessionKitStores.BEAN);
            assertThat(context.getBean(SessionConfig.class).store()).isSameAs(own);
        });
    }

    @Test
    void ownFilter_aBeanOrARegistration_turnsOursOff() {
        runner.withBean("mine", SessionFilter.class, () -> new SessionFilter(SessionConfig.builder()
                        .store(InMemorySessionStore.create(java.time.Clock.systemUTC())).secret("an own filter's secret of 32+ chars").build()))
                .run(context -> assertThat(context).doesNotHaveBean("sessionKitFilter"));
        runner.withUserConfiguration(OwnRegistration.class)
                .run(context -> assertThat(context).doesNotHaveBean("sessionKitFilter"));
    }

    @Test
    void disabled_nothing() {
        runner.withPropertyValues("sessionkit.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(SessionStore.class);
            assertThat(context).doesNotHaveBean(SessionConfig.class);
            assertThat(context).doesNotHaveBean("sessionKitFilter");
        });
    }

    @Test
    void actuatorPresent_theEndpoint_absent_none() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=sessionkit").run(context ->
                assertThat(context).hasSingleBean(SessionKitEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=sessionkit")
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(SessionKitEndpoint.class);
                });
        runner.withPropertyValues("management.endpoint.sessionkit.access=NONE").run(context ->
                assertThat(context).doesNotHaveBean(SessionKitEndpoint.class));
    }

    @Test
    void securityPresent_itsCodecRegistryAndLoginListener_absent_jsonOnly() {
        runner.run(context -> {
            assertThat(context.getBean(AttributeCodec.class)).isInstanceOf(SecurityAttributeCodec.class);
            assertThat(context).hasSingleBean(SessionRegistry.class).hasSingleBean(LoginPrincipalListener.class);
        });
        runner.withPropertyValues("sessionkit.http-session.allow=com.example.shop.")
                .withClassLoader(new FilteredClassLoader("org.springframework.security."))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AttributeCodec codec = context.getBean(AttributeCodec.class);
                    assertThat(codec).isNotInstanceOf(SecurityAttributeCodec.class);
                    assertThat(codec.allows("com.example.shop.Cart")).isTrue();
                    assertThat(context).doesNotHaveBean(LoginPrincipalListener.class);
                });
    }

    @Test
    void sessionListenerBeans_hearTheSessionsEvents() {
        List<SessionEvent.Type> heard = new ArrayList<>();
        runner.withBean(SessionListener.class, () -> new SessionListener() {
            @Override
            public void onEvent(SessionEvent event) {
                heard.add(event.type());
            }
        }).run(context -> {
            login(context.getBean(SessionManager.class));
            assertThat(heard).contains(SessionEvent.Type.CREATED);
        });
    }

    @Test
    void meterRegistry_metrics_unlessTurnedOff() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            login(context.getBean(SessionManager.class));
            assertThat(context.getBean(MeterRegistry.class).find(SessionMetrics.EVENTS).counters()).isNotEmpty();
        });
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("sessionkit.metrics.enabled=false").run(context -> {
                    login(context.getBean(SessionManager.class));
                    assertThat(context.getBean(MeterRegistry.class).find(SessionMetrics.EVENTS).counters())
                            .isEmpty();
                });
    }

    @Test
    void customizerBeans_changeTheConfiguration() {
        runner.withBean(SessionConfigCustomizer.class, () -> builder -> builder.name("customized"))
                .run(context -> assertThat(context.getBean(SessionConfig.class).name()).isEqualTo("customized"));
    }

    /** An application's own registration of the filter, as it would write it. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class OwnRegistration {
        @org.springframework.context.annotation.Bean
        FilterRegistrationBean<SessionFilter> mine() {
            return new FilterRegistrationBean<>(new SessionFilter(SessionConfig.builder()
                    .store(InMemorySessionStore.create(java.time.Clock.systemUTC()))
                    .secret("an own filter's secret of 32+ chars").build()));
        }
    }

    /** One request that stores a session, as an adapter runs it. */
    @SuppressWarnings("unchecked")
    private static void login(SessionManager<?> manager) {
        SessionContext<SessionData> request = ((SessionManager<SessionData>) manager).open(new InMemoryExchange());
        Session<SessionData> session = request.session();
        session.data().put("user", "ada");
        session.save();
        request.end(false);
    }
}
