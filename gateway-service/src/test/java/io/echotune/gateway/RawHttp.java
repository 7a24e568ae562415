package io.echotune.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sends one HTTP/1.1 request exactly as written (path bytes untouched: no client normalises or encodes it), the
 * way an attacker's tool would, and reads the status line. For tests of how the gateway reads odd paths and bodies.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** The status code the server answered {@code method rawPath} with. */
    static int status(int port, String method, String rawPath, Map<String, String> headers, String body) {
        return statusOf(exchange(port, method, rawPath, headers, body));
    }

    /** The whole answer (status line, headers, body) to {@code method rawPath}. */
    static String exchange(int port, String method, String rawPath, Map<String, String> headers, String body) {
        return exchangeFrom("127.0.0.1", port, method, rawPath, headers, body);
    }

    /**
     * The same, sent from the loopback address {@code from} (any 127.x.y.z): the gateway sees another client
     * address, so per-address limits start from zero for each test that picks a fresh one.
     */
    static String exchangeFrom(String from, int port, String method, String rawPath, Map<String, String> headers, String body) {
        try (Socket socket = new Socket(java.net.InetAddress.getLoopbackAddress(), port, java.net.InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(20_000);
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method).append(' ').append(rawPath).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
                    head.append("Content-Type: application/json\r\n");
                }
                head.append("Content-Length: ").append(bytes.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh loopback address for one test's per-address counters. */
    static String freshLoopbackAddress() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(2, 255);
    }

    static int statusOf(String answer) {
        return Integer.parseInt(answer.split(" ", 3)[1]);
    }

    /** Streams {@code totalBytes} of JSON-ish filler as a chunked body (no Content-Length); answers the status line. */
    static String chunked(int port, String rawPath, Map<String, String> headers, int totalBytes) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder("POST ").append(rawPath).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\n")
                    .append("Connection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            int sent = 0;
            try {
                while (sent < totalBytes) {
                    int n = Math.min(chunk.length, totalBytes - sent);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(chunk, 0, n);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    sent += n;
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closedEarly) {
                // The server may answer and close before the whole body is sent: that is what a limit looks like.
            }
            String answer = readAll(socket.getInputStream());
            return answer.isEmpty() ? "" : answer.substring(0, answer.indexOf("\r\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                answer.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // a reset after the answer was written still leaves the answer readable
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }
}
