package io.echotune.commons.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a real server that a test can switch off and on, on the same port: off closes the listening
 * socket and every open connection (the server looks crashed: connections reset, new ones refused), on accepts again.
 * It can also make the server slow: with {@link #delay} every request reaches the server that much later, once per
 * round trip (the first bytes a client sends after the server last answered wait; the rest of a large request follows
 * at full speed, so the delay is latency, not bandwidth). What Toxiproxy would do, which cannot be installed here
 * (PLATFORM.md).
 */
public final class SwitchableProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile long delayNanos;

    SwitchableProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = freePort();
        switchOn();
    }

    /** A proxy for the host:port of a URI such as mongodb://localhost:32017 or redis://localhost:32379. */
    public static SwitchableProxy inFrontOf(String uri) {
        String authority = uri.replaceFirst("^[a-z+]+://", "").replaceFirst("[/?].*$", "").replaceFirst("^.*@", "");
        int colon = authority.lastIndexOf(':');
        return new SwitchableProxy(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)));
    }

    public int port() {
        return port;
    }

    /** Every chunk sent towards the server from now on waits this long first (zero: none). */
    public void delay(java.time.Duration delay) {
        delayNanos = delay.toNanos();
    }

    public synchronized void switchOn() {
        if (listener != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", port));
            listener = socket;
            Thread.ofVirtual().name("proxy-accept-" + port).start(() -> accept(socket));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void switchOff() {
        if (listener == null) {
            return;
        }
        closeQuietly(listener);
        listener = null;
        open.forEach(SwitchableProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        switchOff();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket server = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(server);
                if (socket.isClosed()) {   // switched off while this one connected
                    closeQuietly(client);
                    closeQuietly(server);
                    return;
                }
                java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean(true);
                Thread.ofVirtual().start(() -> pump(client, server, answered, true));
                Thread.ofVirtual().start(() -> pump(server, client, answered, false));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    System.err.println("proxy " + port + ": " + e);
                }
            }
        }
    }

    /** {@code answered}: whether the server sent anything since the client last sent, i.e. a new request begins. */
    private void pump(Socket from, Socket to, java.util.concurrent.atomic.AtomicBoolean answered, boolean towardsServer) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                long delay = delayNanos;
                if (!towardsServer) {
                    answered.set(true);
                } else if (answered.getAndSet(false) && delay > 0) {
                    Thread.sleep(java.time.Duration.ofNanos(delay));
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // the other side or the switch closed the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            if (closeable instanceof Socket s && !s.isClosed()) {
                try {
                    s.setSoLinger(true, 0);   // a reset, like a crashed server, not a polite FIN
                } catch (SocketException ignored) {
                    // already gone
                }
            }
            closeable.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
