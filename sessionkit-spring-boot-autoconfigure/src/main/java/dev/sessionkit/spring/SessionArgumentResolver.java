package dev.sessionkit.spring;

import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import dev.sessionkit.servlet.Sessions;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives a controller method parameter {@code Session<SessionData>} (or {@code Session<Cart>} for typed data) the
 * request's session, through {@link Sessions#of(HttpServletRequest, Class)}: loaded on first use.
 */
final class SessionArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Session.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Class<?> dataType = ResolvableType.forMethodParameter(parameter).getGeneric(0).resolve(SessionData.class);
        return Sessions.of(webRequest.getNativeRequest(HttpServletRequest.class), dataType);
    }
}
