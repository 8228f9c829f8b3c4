package dev.sessionkit.servlet;

import dev.sessionkit.FailureResponse;
import dev.sessionkit.HttpExchange;
import dev.sessionkit.SessionContext;
import dev.sessionkit.SessionManager;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * A servlet request and its response as core sees them, and the response the chain writes to: it commits the
 * session once, just before the container could commit the response (before a flush, a close, an error, a redirect,
 * or a write that reaches the declared content length or fills the buffer), so that {@code Set-Cookie} still goes
 * out. A {@link #reset()} keeps that header. Not thread-safe, like the response it wraps, except
 * {@link #commitSession()} and {@link #endSession(boolean)}.
 */
final class ServletExchange extends HttpServletResponseWrapper implements HttpExchange {

    private final HttpServletRequest request;
    private SessionContext<?> context;
    /** The request the chain sees, whose HttpSession view saves its changes before the session commits. */
    private SessionRequest chainRequest;
    private volatile boolean sessionCommitted;
    /** Whether the filter has ended this request's session: a later dispatch (an error page) opens its own. */
    private volatile boolean ended;
    private String setCookie;
    /** Bytes written since the last reset; for the writer, the most its characters can encode to. */
    private long written;
    private long contentLength = -1;
    private ServletOutputStream stream;
    private PrintWriter writer;

    ServletExchange(HttpServletRequest request, HttpServletResponse response) {
        super(response);
        this.request = request;
    }

    SessionContext<?> open(SessionManager<?> manager, AttributeCodec codec, HttpSessionListeners listeners) {
        context = manager.open(this);
        chainRequest = codec != null ? new SessionRequest(request, context, manager.config(), codec, listeners)
                : null;
        return context;
    }

    /** The request to hand the chain: with the HttpSession view on, its {@code getSession()} is SessionKit's. */
    HttpServletRequest chainRequest() {
        return chainRequest != null ? chainRequest : request;
    }

    /** Saves what the chain changed through {@code HttpSession}, before the session commits. */
    private void saveHttpSession() {
        SessionKitHttpSession view = chainRequest == null ? null : chainRequest.view();
        if (view != null) {
            view.saveIfChanged();
        }
    }

    /**
     * Commits the session unless that has been done. Synchronised because the work of an asynchronous request may
     * write (and so commit) while the request thread finishes; a write waits until the cookie is added.
     */
    void commitSession() {
        if (!sessionCommitted) {
            synchronized (this) {
                if (!sessionCommitted) {
                    try {
                        saveHttpSession();
                        context.commit();
                    } finally {
                        sessionCommitted = true;
                    }
                }
            }
        }
    }

    /**
     * Ends the session ({@link SessionContext#end(boolean)}) under the lock {@link #commitSession()} takes, so that
     * the work of an asynchronous request cannot commit it at the same time; a later write does not try.
     */
    Optional<FailureResponse> endSession(boolean handlerFailed) {
        synchronized (this) {
            try {
                if (!handlerFailed && !sessionCommitted) {
                    try {
                        saveHttpSession();
                    } catch (RuntimeException e) { // the save of the chain's HttpSession changes: as the chain's
                        context.end(true);
                        Optional<FailureResponse> answer = FailureResponse.find(e);
                        if (answer.isEmpty()) {
                            throw e;
                        }
                        return answer;
                    }
                }
                return context.end(handlerFailed);
            } finally {
                sessionCommitted = true;
                ended = true;
            }
        }
    }

    /** {@return whether {@link #endSession} has run} */
    boolean ended() {
        return ended;
    }

    // ---- HttpExchange --------------------------------------------------------------------------------------------

    @Override
    public List<String> requestHeaders(String name) {
        Enumeration<String> values = request.getHeaders(name); // null when the container denies header access
        return values == null ? List.of() : Collections.list(values);
    }

    @Override
    public boolean isSecure() {
        return request.isSecure();
    }

    @Override
    public void addSetCookie(String headerValue) {
        setCookie = headerValue;
        getResponse().addHeader("Set-Cookie", headerValue);
    }

    @Override
    public void setResponseHeader(String name, String value) {
        getResponse().setHeader(name, value);
    }

    @Override
    public HttpServletResponse getResponse() {
        return (HttpServletResponse) super.getResponse();
    }

    // ---- the commit guard ----------------------------------------------------------------------------------------

    private void beforeWrite(long bytes) {
        if (!sessionCommitted) {
            written += bytes;
            if (written >= getBufferSize() || (contentLength >= 0 && written >= contentLength)) {
                commitSession();
            }
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new GuardedStream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter target = super.getWriter();
            // PrintWriter sends every print, println and append through its Writer, so counting there sees all.
            writer = new PrintWriter(new GuardedWriter(target, maxBytesPerChar(getCharacterEncoding()))) {
                @Override
                public boolean checkError() {
                    return super.checkError() || target.checkError();
                }
            };
        }
        return writer;
    }

    private static long maxBytesPerChar(String encoding) {
        try {
            return (long) Math.ceil(Charset.forName(encoding).newEncoder().maxBytesPerChar());
        } catch (RuntimeException e) {
            return 4; // an unknown charset: assume the worst, the session just commits earlier
        }
    }

    @Override
    public void flushBuffer() throws IOException {
        commitSession();
        super.flushBuffer();
    }

    @Override
    public void sendError(int sc) throws IOException {
        commitSession();
        super.sendError(sc);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        commitSession();
        super.sendError(sc, msg);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        commitSession();
        super.sendRedirect(location);
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        declaredLength(len);
        super.setContentLengthLong(len);
    }

    // Frameworks may declare the length as a header (Spring Framework 7 does): the container completes the response
    // when that many bytes are written just the same.

    @Override
    public void setHeader(String name, String value) {
        watch(name, value);
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        watch(name, value);
        super.addHeader(name, value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        watch(name, Integer.toString(value));
        super.setIntHeader(name, value);
    }

    @Override
    public void addIntHeader(String name, int value) {
        watch(name, Integer.toString(value));
        super.addIntHeader(name, value);
    }

    /** Takes a {@code Content-Length} header as a declared length; a value that is not a number declares none. */
    private void watch(String name, String value) {
        if ("Content-Length".equalsIgnoreCase(name)) {
            long length;
            try {
                length = value == null ? -1 : Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                length = -1; // not a length the container would act on either
            }
            declaredLength(length);
        }
    }

    private void declaredLength(long length) {
        contentLength = length;
        if (length >= 0 && written >= length) { // containers complete a response whose declared length is written
            commitSession();
        }
    }

    @Override
    public void reset() {
        super.reset();
        written = 0;
        contentLength = -1;
        if (setCookie != null) { // the session may have committed early, on an estimate of the bytes written
            getResponse().addHeader("Set-Cookie", setCookie);
        }
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        written = 0;
    }

    private final class GuardedStream extends ServletOutputStream {
        private final ServletOutputStream target;

        GuardedStream(ServletOutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            beforeWrite(1);
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            beforeWrite(len);
            target.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            commitSession();
            target.flush();
        }

        @Override
        public void close() throws IOException {
            commitSession();
            target.close();
        }

        @Override
        public boolean isReady() {
            return target.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            target.setWriteListener(listener);
        }
    }

    private final class GuardedWriter extends Writer {
        private final PrintWriter target;
        private final long maxBytesPerChar;

        GuardedWriter(PrintWriter target, long maxBytesPerChar) {
            this.target = target;
            this.maxBytesPerChar = maxBytesPerChar;
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            beforeWrite(len * maxBytesPerChar);
            target.write(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) {
            beforeWrite(len * maxBytesPerChar);
            target.write(str, off, len);
        }

        @Override
        public void flush() {
            commitSession();
            target.flush();
        }

        @Override
        public void close() {
            commitSession();
            target.close();
        }
    }
}
