package dev.sessionkit.testsupport.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the Redis protocol (RESP2) for this module to check on the servers it starts, so that it
 * needs no Redis client library. One connection per call.
 */
final class Resp {

    /** A Redis error reply, such as {@code NOAUTH Authentication required.}. */
    static final class ErrorReply extends IOException {
        private static final long serialVersionUID = 1L;

        ErrorReply(String message) {
            super(message);
        }
    }

    private Resp() {
    }

    /**
     * Sends one command and returns its reply: a simple or bulk string as is, an integer as its digits, an array as
     * its elements joined by newlines, nil as {@code null}.
     */
    static String call(String host, int port, Duration timeout, String... command) throws IOException {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(encode(command));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    /**
     * Sends several commands on one connection, all at once (a pipeline), and returns their replies in order, each
     * as {@link #call} returns it; an error reply throws {@link ErrorReply}.
     */
    static java.util.List<String> pipeline(String host, int port, Duration timeout, String[]... commands)
            throws IOException {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            for (String[] command : commands) {
                out.write(encode(command));
            }
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            java.util.List<String> replies = new java.util.ArrayList<>();
            for (int i = 0; i < commands.length; i++) {
                replies.add(read(in));
            }
            return replies;
        }
    }

    /** Returns whether something answers PING there; an error reply (a server that wants a password) counts. */
    static boolean answers(String host, int port, Duration timeout) {
        try {
            call(host, port, timeout, "PING");
            return true;
        } catch (ErrorReply e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] encode(String... command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(bytes, "*" + command.length + "\r\n");
        for (String part : command) {
            byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
            write(bytes, "$" + utf8.length + "\r\n");
            bytes.writeBytes(utf8);
            write(bytes, "\r\n");
        }
        return bytes.toByteArray();
    }

    private static void write(ByteArrayOutputStream bytes, String ascii) {
        bytes.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static String read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed before a reply");
        }
        String line = line(in);
        switch (type) {
            case '+':
            case ':':
                return line;
            case '-':
                throw new ErrorReply(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length + 2);
                if (data.length != length + 2) {
                    throw new EOFException("connection closed inside a reply");
                }
                return new String(data, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<String> elements = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    elements.add(read(in));
                }
                return String.join("\n", elements);
            }
            default:
                throw new IOException("not a RESP2 reply: type byte " + type);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed inside a reply");
            }
            line.write(b);
        }
        if (in.read() != '\n') {
            throw new IOException("malformed RESP line");
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
