package dev.sessionkit.examples.springboot;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * WORKAROUND, to delete once adapter-servlet handles it: passes a {@code Content-Length} set as a header
 * ({@code setHeader}, {@code addHeader}, {@code setIntHeader}, {@code addIntHeader}) on as
 * {@link HttpServletResponse#setContentLengthLong(long)}. Spring Framework 7 declares the length of a response
 * body as a header; SessionFilter's response only watches {@code setContentLength(Long)}, so it does not see the
 * length, the container completes the response when the body reaches it, and the session's {@code Set-Cookie} is
 * lost. Mapped right after SessionFilter.
 */
final class ContentLengthHeaderFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                if (!contentLength(name, value)) {
                    super.setHeader(name, value);
                }
            }

            @Override
            public void addHeader(String name, String value) {
                if (!contentLength(name, value)) {
                    super.addHeader(name, value);
                }
            }

            @Override
            public void setIntHeader(String name, int value) {
                setHeader(name, Integer.toString(value));
            }

            @Override
            public void addIntHeader(String name, int value) {
                addHeader(name, Integer.toString(value));
            }

            private boolean contentLength(String name, String value) {
                if (!"Content-Length".equalsIgnoreCase(name) || value == null) {
                    return false;
                }
                try {
                    setContentLengthLong(Long.parseLong(value.trim()));
                    return true;
                } catch (NumberFormatException e) {
                    return false; // not a length: the container decides what to do with it
                }
            }
        });
    }
}
