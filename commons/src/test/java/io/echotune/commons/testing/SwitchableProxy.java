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
 * What Toxiproxy would do, which cannot be installed here (PLATFORM.md).
 */
public final class SwitchableProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

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
                Thread.ofVirtual().start(() -> pump(client, server));
                Thread.ofVirtual().start(() -> pump(server, client));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    System.err.println("proxy " + port + ": " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // the other side or the switch closed the connection
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
