package dev.sessionkit.store.redis;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A socket factory for Jedis whose sockets count round trips: each time the client reads from the server after it
 * wrote to it. A pipeline (all its commands written, then all its replies read) is one, however its replies arrive;
 * a command sent after waiting for another's reply is another.
 */
final class RoundTrips implements JedisSocketFactory {

    private final HostAndPort address;
    private final AtomicLong count = new AtomicLong();

    RoundTrips(HostAndPort address) {
        this.address = address;
    }

    long count() {
        return count.get();
    }

    @Override
    public Socket createSocket() {
        Socket socket = new CountingSocket();
        try {
            socket.connect(new InetSocketAddress(address.getHost(), address.getPort()), 2000);
            socket.setSoTimeout(2000);
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            throw new JedisConnectionException("could not connect", e);
        }
    }

    private final class CountingSocket extends Socket {
        private volatile boolean wrote;

        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(super.getInputStream()) {
                @Override
                public int read() throws IOException {
                    exchanged();
                    return super.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    exchanged();
                    return super.read(buffer, offset, length);
                }
            };
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return new FilterOutputStream(super.getOutputStream()) {
                @Override
                public void write(int b) throws IOException {
                    wrote = true;
                    out.write(b);
                }

                @Override
                public void write(byte[] buffer, int offset, int length) throws IOException {
                    wrote = true;
                    out.write(buffer, offset, length);
                }
            };
        }

        private void exchanged() {
            if (wrote) {
                wrote = false;
                count.incrementAndGet();
            }
        }
    }
}
