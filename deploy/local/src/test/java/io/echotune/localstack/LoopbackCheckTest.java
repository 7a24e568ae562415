package io.echotune.localstack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The loopback proof of the local stack (stack.sh check-isolation) reads the kernel's socket tables right: the
 * address encoding of /proc/net/tcp{,6}, LISTEN rows only, and a live process' sockets found through /proc.
 */
class LoopbackCheckTest {

    private static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

    /** 127.0.0.1:8080 and 0.0.0.0:5432 listening, one established connection (little-endian host). */
    private static final List<String> PROC_NET_TCP = List.of(HEADER,
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0",
            "   1: 00000000:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000000000000000 100 0 0 10 0",
            "   2: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 1003 1 0000000000000000 20 4 30 10 -1");

    /** [::1]:6379, [::]:9092 and [::ffff:127.0.0.1]:8081 listening. */
    private static final List<String> PROC_NET_TCP6 = List.of(HEADER,
            "   0: 00000000000000000000000001000000:18EB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2001 1 0000000000000000 100 0 0 10 0",
            "   1: 00000000000000000000000000000000:2384 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2002 1 0000000000000000 100 0 0 10 0",
            "   2: 0000000000000000FFFF00000100007F:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2003 1 0000000000000000 100 0 0 10 0");

    @Test
    void readsListeningRowsOnlyWithTheirAddressAndPort() {
        Map<Long, LoopbackCheck.Socket> v4 = LoopbackCheck.parseProcNetTcp(PROC_NET_TCP);

        assertEquals(2, v4.size(), "the established row is not a listener");
        assertEquals("127.0.0.1", v4.get(1001L).address().getHostAddress());
        assertEquals(8080, v4.get(1001L).port());
        assertEquals("0.0.0.0", v4.get(1002L).address().getHostAddress());
        assertEquals(5432, v4.get(1002L).port());
    }

    @Test
    void onlyLoopbackAddressesCountAsLoopback() throws Exception {
        Map<Long, LoopbackCheck.Socket> v6 = LoopbackCheck.parseProcNetTcp(PROC_NET_TCP6);

        assertTrue(listener(v6.get(2001L)).onLoopback(), "::1");
        assertEquals(6379, v6.get(2001L).port());
        assertFalse(listener(v6.get(2002L)).onLoopback(), ":: (every address)");
        assertTrue(listener(v6.get(2003L)).onLoopback(), "::ffff:127.0.0.1");
        assertFalse(listener(LoopbackCheck.parseProcNetTcp(PROC_NET_TCP).get(1002L)).onLoopback(), "0.0.0.0");
        assertFalse(new LoopbackCheck.Listener("x", 1, InetAddress.getByName("192.168.1.20"), 80).onLoopback());
    }

    @Test
    void findsTheListenersOfARunningProcessAndFlagsTheWildcardOne() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc");
        try (ServerSocket loopback = new ServerSocket();
             ServerSocket wildcard = new ServerSocket()) {
            loopback.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            wildcard.bind(new InetSocketAddress(0));
            long self = ProcessHandle.current().pid();

            List<LoopbackCheck.Listener> listeners = LoopbackCheck.listenersOf(Path.of("/proc"), "test", self,
                    LoopbackCheck.listeningSockets(Path.of("/proc")));

            assertEquals(Optional.of(true), onLoopback(listeners, loopback.getLocalPort()));
            assertEquals(Optional.of(false), onLoopback(listeners, wildcard.getLocalPort()));
        }
    }

    private static Optional<Boolean> onLoopback(List<LoopbackCheck.Listener> listeners, int port) {
        return listeners.stream().filter(l -> l.port() == port).findFirst().map(LoopbackCheck.Listener::onLoopback);
    }

    private static LoopbackCheck.Listener listener(LoopbackCheck.Socket socket) {
        return new LoopbackCheck.Listener("fixture", 1, socket.address(), socket.port());
    }
}
