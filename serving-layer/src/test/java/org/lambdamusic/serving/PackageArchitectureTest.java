package org.lambdamusic.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of the compiled main classes, read with the JDK's own jdeps: features
 * depend on each other one way only (no package cycle), and the infrastructure stays in one place
 * (Kafka client setup in {@code kafka}, S3 in {@code model}).
 */
class PackageArchitectureTest {
    private static final String ROOT = "org.lambdamusic.serving";

    /** package → packages it uses (every package, also outside the serving layer). */
    private static Map<String, Set<String>> uses;

    @BeforeAll
    static void readCompiledClasses() throws Exception {
        Path classes =
                Path.of(
                        ServingApplication.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        uses = packageDependencies(classes);
    }

    @Test
    void theGraphWasReadAndHoldsEveryFeature() {
        assertThat(uses.keySet())
                .contains(
                        ROOT + ".catalog",
                        ROOT + ".interaction",
                        ROOT + ".kafka",
                        ROOT + ".model",
                        ROOT + ".profile",
                        ROOT + ".recommend",
                        ROOT + ".search",
                        ROOT + ".stats",
                        ROOT + ".system",
                        ROOT + ".trending");
        assertThat(uses.get(ROOT + ".recommend")).contains(ROOT + ".model");
    }

    @Test
    void noPackageCycle() {
        Map<String, Set<String>> internal = new TreeMap<>();
        uses.forEach(
                (from, targets) -> {
                    Set<String> inside = new TreeSet<>();
                    for (String to : targets) {
                        if (to.startsWith(ROOT) && !to.equals(from)) {
                            inside.add(to);
                        }
                    }
                    internal.put(from, inside);
                });
        assertThat(cycles(internal)).as("package cycles in %s", internal).isEmpty();
    }

    @Test
    void theCycleCheckFindsACycle() {
        Map<String, Set<String>> graph =
                Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertThat(cycles(graph)).containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void kafkaClientsAreSetUpOnlyInTheKafkaPackage() {
        assertThat(users("org.apache.kafka.clients.admin", "org.apache.kafka.clients.consumer"))
                .containsOnly(ROOT + ".kafka");
        // The producer is created in kafka; interaction only sends through it.
        assertThat(users("org.apache.kafka.clients.producer"))
                .containsOnly(ROOT + ".kafka", ROOT + ".interaction");
    }

    @Test
    void theObjectStoreIsReadOnlyByTheModelPackage() {
        assertThat(users("software.amazon.awssdk")).containsOnly(ROOT + ".model");
    }

    private static Set<String> users(String... prefixes) {
        Set<String> users = new TreeSet<>();
        uses.forEach(
                (from, targets) -> {
                    for (String to : targets) {
                        for (String prefix : prefixes) {
                            if (to.equals(prefix) || to.startsWith(prefix + ".")) {
                                users.add(from);
                            }
                        }
                    }
                });
        return users;
    }

    /** Runs {@code jdeps -verbose:package} in-process and parses its "a -> b" lines. */
    private static Map<String, Set<String>> packageDependencies(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit =
                jdeps.run(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        "-verbose:package",
                        "--multi-release",
                        "17",
                        classes.toString());
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 3 && parts[1].equals("->") && parts[0].startsWith(ROOT)) {
                graph.computeIfAbsent(parts[0], k -> new TreeSet<>()).add(parts[2]);
            }
        }
        return graph;
    }

    /** Strongly connected components with more than one package (Tarjan), each sorted. */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> cycles = new ArrayList<>();
        for (String node : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, cycles);
            }
        }
        return cycles;
    }

    private static void connect(
            String node,
            Map<String, Set<String>> graph,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<List<String>> cycles) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, cycles);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                component.sort(null);
                cycles.add(component);
            }
        }
    }
}
