package io.echotune.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proves that the local stack listens on loopback only: finds every listening TCP socket held by the processes
 * the stack started (and their children) and fails if one is bound to anything but 127.0.0.0/8 or ::1.
 *
 * <p>It reads the kernel's own tables, not the servers' configuration: {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6} (sockets in state LISTEN, by inode) joined with {@code /proc/<pid>/fd} (which inodes a
 * process holds). A configuration that says "localhost" but binds the wildcard address is caught.
 *
 * <p>Usage: {@code LoopbackCheck <name>=<pid>...} (stack.sh check-isolation). Prints one line per listening
 * socket; exits 1 if one is not on loopback, if a process holds no listening socket at all (then the check would
 * prove nothing), or if a process' sockets cannot be read. Self-contained (JDK only), so stack.sh runs it as a
 * source file without a build.
 */
public final class LoopbackCheck {

    /** TCP state LISTEN in /proc/net/tcp ("st" column). */
    private static final String LISTEN = "0A";
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

    /** One listening socket, as the kernel reports it. */
    record Listener(String component, long pid, InetAddress address, int port) {

        boolean onLoopback() {
            return address.isLoopbackAddress();
        }

        String endpoint() {
            String host = address.getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private LoopbackCheck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: LoopbackCheck <name>=<pid>...");
            System.exit(2);
        }
        Map<Long, Socket> listening = listeningSockets(Path.of("/proc"));
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                System.err.println("not <name>=<pid>: " + arg);
                System.exit(2);
            }
            String component = arg.substring(0, eq);
            long pid = Long.parseLong(arg.substring(eq + 1));
            List<Listener> listeners;
            try {
                listeners = listenersOf(Path.of("/proc"), component, pid, listening);
            } catch (IOException e) {
                problems.add(component + " (pid " + pid + "): cannot read its sockets: " + e);
                continue;
            }
            if (listeners.isEmpty()) {
                problems.add(component + " (pid " + pid + ") holds no listening socket");
            }
            for (Listener l : listeners) {
                checked++;
                System.out.printf("%-20s pid %-8d %-28s %s%n", l.component(), l.pid(), l.endpoint(),
                        l.onLoopback() ? "loopback" : "NOT LOOPBACK");
                if (!l.onLoopback()) {
                    problems.add(component + " (pid " + l.pid() + ") listens on " + l.endpoint()
                            + ", which other hosts can reach");
                }
            }
        }
        for (String problem : problems) {
            System.out.println("FAIL: " + problem);
        }
        if (!problems.isEmpty()) {
            System.exit(1);
        }
        System.out.println("all " + checked + " listening sockets of " + args.length + " processes are on loopback");
    }

    /** A listening socket of the kernel's table, before we know which process holds it. */
    record Socket(InetAddress address, int port) {
    }

    /** Every TCP socket in state LISTEN (IPv4 and IPv6), by inode. */
    static Map<Long, Socket> listeningSockets(Path proc) throws IOException {
        Map<Long, Socket> sockets = new HashMap<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            Path file = proc.resolve(table);
            if (Files.isReadable(file)) {
                sockets.putAll(parseProcNetTcp(Files.readAllLines(file)));
            }
        }
        return sockets;
    }

    /** Parses /proc/net/tcp or /proc/net/tcp6 text: the LISTEN rows, by inode. */
    static Map<Long, Socket> parseProcNetTcp(List<String> lines) {
        Map<Long, Socket> sockets = new HashMap<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
            if (f.length < 10 || !f[0].endsWith(":") || !LISTEN.equals(f[3])) {
                continue;
            }
            String local = f[1];
            int colon = local.indexOf(':');
            sockets.put(Long.parseLong(f[9]),
                    new Socket(parseAddress(local.substring(0, colon)), Integer.parseInt(local.substring(colon + 1), 16)));
        }
        return sockets;
    }

    /**
     * The kernel prints an address as 32-bit words in host byte order (8 hex digits for IPv4, 32 for IPv6), each
     * holding 4 bytes of the network-order address.
     */
    static InetAddress parseAddress(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            for (int word = 0; word < bytes.length; word += 4) {
                for (int i = 0; i < 2; i++) {
                    byte b = bytes[word + i];
                    bytes[word + i] = bytes[word + 3 - i];
                    bytes[word + 3 - i] = b;
                }
            }
        }
        try {
            return InetAddress.getByAddress(bytes);   // an IPv4-mapped IPv6 address comes back as IPv4
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + hex, e);
        }
    }

    /** The listening sockets held by a process or any of its descendants (forked server workers). */
    static List<Listener> listenersOf(Path proc, String component, long pid, Map<Long, Socket> listening)
            throws IOException {
        List<Listener> listeners = new ArrayList<>();
        Set<Long> seen = new LinkedHashSet<>();
        for (long p : withDescendants(proc, pid)) {
            for (long inode : socketInodes(proc, p, p == pid)) {
                Socket s = listening.get(inode);
                if (s != null && seen.add(inode)) {
                    listeners.add(new Listener(component, p, s.address(), s.port()));
                }
            }
        }
        return listeners;
    }

    /** Inodes of the sockets a process holds; a vanished child is skipped, an unreadable root process is not. */
    private static Set<Long> socketInodes(Path proc, long pid, boolean mustRead) throws IOException {
        Set<Long> inodes = new LinkedHashSet<>();
        Path fds = proc.resolve(Long.toString(pid)).resolve("fd");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
            for (Path fd : entries) {
                try {
                    Matcher m = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(Long.parseLong(m.group(1)));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed while we listed them
                }
            }
        } catch (IOException e) {
            if (mustRead) {
                throw e;
            }
        }
        return inodes;
    }

    /** The process and every process below it, from the parent pids of /proc/<pid>/stat. */
    private static List<Long> withDescendants(Path proc, long root) throws IOException {
        Map<Long, List<Long>> children = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path dir : entries) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'
                    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    children.computeIfAbsent(Long.parseLong(rest[1]), k -> new ArrayList<>())
                            .add(Long.parseLong(dir.getFileName().toString()));
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we listed /proc
                }
            }
        }
        List<Long> all = new ArrayList<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            long p = todo.pop();
            if (!all.contains(p)) {
                all.add(p);
                todo.addAll(children.getOrDefault(p, List.of()));
            }
        }
        return all;
    }
}
