package org.lambdamusic.clustertests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the cluster pipeline once for every fault test of the run (a fresh data directory, so
 * every run builds its first model and topics from nothing) and stops it after the last one. A
 * cluster left by an aborted run on the same data directory is stopped first.
 */
final class ClusterPipelineExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ClusterPipelineExtension.class);

    /** Stopped by JUnit when the whole run ends. */
    private record Running(ClusterPipeline pipeline)
            implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            pipeline.down();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    private static ClusterPipeline running(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, k -> start(), Running.class)
                .pipeline();
    }

    private static Running start() {
        ClusterPipeline pipeline = ClusterPipeline.fromSystemProperties();
        if (Files.isDirectory(pipeline.dataDir().resolve("run"))) {
            pipeline.down();
        }
        deleteRecursively(pipeline.dataDir());
        try {
            pipeline.up();
        } catch (RuntimeException e) {
            // Whatever did start must not hold the ports for the next run.
            pipeline.down();
            throw e;
        }
        return new Running(pipeline);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ClusterPipeline.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(ClusterPipelineExtension::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
