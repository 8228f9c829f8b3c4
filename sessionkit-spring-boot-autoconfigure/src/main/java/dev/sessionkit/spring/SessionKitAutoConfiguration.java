package dev.sessionkit.spring;

import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.SessionManager;
import dev.sessionkit.event.SessionListener;
import dev.sessionkit.servlet.AttributeCodec;
import dev.sessionkit.servlet.SessionFilter;
import dev.sessionkit.store.SessionStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * SessionKit in a Spring Boot servlet application: a {@link SessionStore} (the application's bean, else Redis when
 * {@code sessionkit.redis.url} is set, else in memory), the {@link SessionConfig} from {@code sessionkit.*} (and
 * Spring Boot's {@code server.servlet.session.*}), the {@link SessionFilter} before Spring Security's filters with
 * {@code request.getSession()} backed by SessionKit, {@code Session<T>} controller arguments, {@link SessionListener}
 * beans, Micrometer metrics, and Spring Security's login as the session's principal. {@code sessionkit.enabled=false}
 * turns it all off; a {@code SessionFilter} of the application's (a bean, or a {@code FilterRegistrationBean} of one)
 * turns the filter off.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SessionFilter.class)
@ConditionalOnBooleanProperty(name = "sessionkit.enabled", matchIfMissing = true)
@Import({SessionKitStores.Redis.class, SessionKitStores.Caffeine.class, SessionKitSecurity.class,
        SessionKitActuator.class})
public class SessionKitAutoConfiguration {

    /**
     * The filter's order: before Spring Security's filter chain (at -100) and anything else that may use the session,
     * as Spring Session's filter is.
     */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 50;

    private static final Logger LOG = LoggerFactory.getLogger(SessionKitAutoConfiguration.class);

    /** Creates the auto-configuration. */
    public SessionKitAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    SessionConfig<SessionData> sessionKitConfig(ObjectProvider<SessionStore> stores, Environment environment,
                                                ObjectProvider<SessionListener> listeners,
                                                ObjectProvider<SessionConfigCustomizer> customizers,
                                                ConfigurableListableBeanFactory beans) {
        SessionStore store = stores.getIfAvailable(() -> {
            throw new IllegalStateException("SessionKit has no SessionStore: use sessionkit-spring-boot-starter "
                    + "(it brings the in-memory store), add session-store-redis and set sessionkit.redis.url, or "
                    + "define a SessionStore bean; or set sessionkit.enabled=false");
        });
        if (!List.of(beans.getBeanNamesForType(SessionStore.class)).contains(SessionKitStores.BEAN)) {
            LOG.info("SessionKit: sessions in the application's SessionStore bean ({})", store.getClass().getName());
        }
        java.util.Map<String, String> options = SessionKitOptions.read(environment);
        if (options.keySet().stream().noneMatch(key -> SessionKitOptions.squeeze(key).equals("secret"))
                || options.entrySet().stream().anyMatch(e -> SessionKitOptions.squeeze(e.getKey()).equals("secret")
                        && (e.getValue() == null || e.getValue().isBlank()))) {
            throw new IllegalStateException("SessionKit needs a signing secret: set sessionkit.secret (environment "
                    + "variable SESSIONKIT_SECRET) to a long random string, for example the output of "
                    + "openssl rand -base64 48; or set sessionkit.enabled=false");
        }
        SessionConfig.Builder<SessionData> builder = SessionConfig.builder().store(store).properties(options);
        listeners.orderedStream().forEach(builder::listener);
        if (Binder.get(environment).bind("sessionkit.metrics.enabled", Boolean.class).orElse(true)
                && ClassUtils.isPresent("dev.sessionkit.metrics.micrometer.SessionMetrics", beans.getBeanClassLoader())
                && ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry", beans.getBeanClassLoader())) {
            SessionKitMetrics.register(builder, store, beans);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    SessionManager<SessionData> sessionKitManager(SessionConfig<SessionData> config) {
        return SessionManager.create(config);
    }

    /**
     * What {@code request.getSession()} may store besides JSON: Spring Security's objects when it is present (with
     * {@code SecurityAttributeCodec}), and the classes of {@code sessionkit.http-session.allow}.
     */
    @Bean
    @ConditionalOnMissingBean
    AttributeCodec sessionKitAttributeCodec(Environment environment, ConfigurableListableBeanFactory beans) {
        List<String> allow = Binder.get(environment)
                .bind("sessionkit.http-session.allow", Bindable.listOf(String.class)).orElse(List.of());
        if (SessionKitSecurity.codecPresent(beans.getBeanClassLoader())) {
            return SecurityAttributeCodec.allowing(allow);
        }
        return allow.isEmpty() ? AttributeCodec.jsonOnly() : AttributeCodec.allowing(allow);
    }

    @Bean
    @ConditionalOnMissingBean(SessionFilter.class)
    @ConditionalOnMissingFilterBean(SessionFilter.class)
    FilterRegistrationBean<SessionFilter> sessionKitFilter(SessionManager<SessionData> manager, AttributeCodec codec,
                                                           Environment environment,
                                                           ObjectProvider<HttpSessionListener> lifecycle,
                                                           ObjectProvider<HttpSessionIdListener> ids,
                                                           ObjectProvider<HttpSessionAttributeListener> attributes) {
        Set<EventListener> listeners = new LinkedHashSet<>();
        lifecycle.orderedStream().forEach(listeners::add);
        ids.orderedStream().forEach(listeners::add);
        attributes.orderedStream().forEach(listeners::add);
        boolean httpSession = Binder.get(environment).bind("sessionkit.http-session.enabled", Boolean.class)
                .orElse(true);
        SessionFilter filter = new SessionFilter(manager).httpSession(httpSession).attributeCodec(codec)
                .httpSessionListeners(List.copyOf(listeners));
        FilterRegistrationBean<SessionFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("sessionKitFilter");
        registration.setOrder(FILTER_ORDER);
        // Every dispatch: an error page or an async dispatch after the request reads the session again.
        registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
        return registration;
    }

    /** {@code Session<SessionData>} (or {@code Session<YourData>}) as a controller method's parameter. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebMvcConfigurer.class)
    static class Mvc {

        @Bean
        WebMvcConfigurer sessionKitArguments() {
            return new WebMvcConfigurer() {
                @Override
                public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                    resolvers.add(new SessionArgumentResolver());
                }
            };
        }
    }
}
