package org.lambdamusic.clustertests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP sockets a set of processes listens on, as {@code ss -ltnp} shows them, read from Linux's
 * {@code /proc} directly (the listening sockets of {@code /proc/net/tcp} and {@code tcp6}, matched
 * to a process through the socket inodes in its {@code /proc/<pid>/fd}): no iproute2 needed.
 */
final class ListeningSockets {
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    /** One listening socket: the address it is bound to, its port, the process holding it. */
    record Listener(InetAddress address, int port, String process, long pid) {
        boolean loopbackOnly() {
            return address.isLoopbackAddress();
        }

        @Override
        public String toString() {
            return process + " (pid " + pid + ") on " + address.getHostAddress() + ":" + port;
        }
    }

    /**
     * Every listening TCP socket held by one of {@code processes} (name → pid) or a descendant of
     * it (a Spark worker's executors), named after the process it came from.
     */
    static List<Listener> of(Map<String, Long> processes) {
        Map<Long, String> inodes = new HashMap<>();
        Map<Long, Long> inodePid = new HashMap<>();
        processes.forEach(
                (name, pid) ->
                        ProcessHandle.of(pid)
                                .ifPresent(
                                        handle -> {
                                            socketInodes(pid, name, inodes, inodePid);
                                            handle.descendants()
                                                    .forEach(
                                                            child ->
                                                                    socketInodes(
                                                                            child.pid(),
                                                                            name + " > child",
                                                                            inodes,
                                                                            inodePid));
                                        }));
        List<Listener> listeners = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String[] row : rows(Path.of(table))) {
                if (!row[3].equals(LISTEN)) {
                    continue;
                }
                long inode = Long.parseLong(row[9]);
                String process = inodes.get(inode);
                if (process != null) {
                    String[] local = row[1].split(":");
                    listeners.add(
                            new Listener(
                                    address(local[0]),
                                    Integer.parseInt(local[1], 16),
                                    process,
                                    inodePid.get(inode)));
                }
            }
        }
        return listeners;
    }

    /**
     * The listeners of {@code processes} reachable from beyond this host: bound to an address other
     * than loopback (the wildcard included), on a port not in {@code allowedPorts}.
     */
    static List<Listener> beyondLoopback(Map<String, Long> processes, Set<Integer> allowedPorts) {
        return of(processes).stream()
                .filter(l -> !l.loopbackOnly() && !allowedPorts.contains(l.port()))
                .toList();
    }

    private static void socketInodes(
            long pid, String name, Map<Long, String> inodes, Map<Long, Long> inodePid) {
        Path fds = Path.of("/proc", Long.toString(pid), "fd");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
            for (Path fd : entries) {
                socketInode(fd)
                        .ifPresent(
                                inode -> {
                                    inodes.putIfAbsent(inode, name);
                                    inodePid.putIfAbsent(inode, pid);
                                });
            }
        } catch (IOException e) {
            // The process ended while being read: it listens on nothing.
        }
    }

    private static Optional<Long> socketInode(Path fd) {
        try {
            Matcher socket = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
            return socket.matches()
                    ? Optional.of(Long.parseLong(socket.group(1)))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // closed meanwhile
        }
    }

    private static List<String[]> rows(Path table) {
        if (!Files.isReadable(table)) {
            return List.of();
        }
        try {
            return Files.readAllLines(table).stream()
                    .skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A {@code /proc/net/tcp*} address: 8 (IPv4) or 32 (IPv6) hex digits, each 32-bit word in the
     * host's byte order (little-endian here).
     */
    static InetAddress address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = (word * 4 + b) * 2;
                bytes[word * 4 + 3 - b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hex, e);
        }
    }
}
