package org.lambdamusic.localstack.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.deploy.Setting;
import org.lambdamusic.contracts.deploy.StackDefaults;
import org.lambdamusic.localstack.supervisor.ProcessSpec;
import org.lambdamusic.localstack.supervisor.Supervisor;

/**
 * One {@code ./pipeline} command's view of the checkout: its mode, where its data is, the
 * environment every process it starts gets (the operator's, plus the defaults of {@link
 * StackDefaults} in effect for the mode), the built artifacts, and the supervisor of its processes.
 */
public final class Pipeline {
    private final Path repoRoot;
    private final Path dataDir;
    private final boolean cluster;
    private final Map<String, String> env;
    private final Supervisor supervisor;
    private final Progress progress;

    Pipeline(Path repoRoot, Map<String, String> operatorEnv, Progress progress) {
        this.repoRoot = repoRoot.toAbsolutePath().normalize();
        String mode = StackDefaults.PIPELINE_MODE.value(operatorEnv);
        if (!mode.equals("embedded") && !mode.equals("cluster")) {
            throw new IllegalArgumentException(
                    "PIPELINE_MODE must be embedded (default) or cluster, not " + mode);
        }
        this.cluster = mode.equals("cluster");
        this.dataDir = path(StackDefaults.PIPELINE_DATA, operatorEnv, cluster);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> resolved = new HashMap<>(operatorEnv);
        for (Setting setting :
                List.of(
                        StackDefaults.KAFKA_BOOTSTRAP_SERVERS,
                        StackDefaults.SPARK_LOCAL_IP,
                        StackDefaults.SECURITY_MODE)) {
            resolved.put(setting.variable(), setting.value(operatorEnv, cluster));
        }
        resolved.put("PIPELINE_MODE", mode);
        resolved.putIfAbsent(
                "LOCALSTACK_RUNTIME", repoRoot.resolve("local-stack/target/runtime").toString());
        // The speed job's checkpoints and savepoints: with the pipeline's data by default; in
        // cluster mode in the object store, which the JobManager, the TaskManagers and the client
        // reach as they would on several hosts.
        String stateDir = operatorEnv.getOrDefault("SPEED_STATE_DIR", "");
        resolved.put(
                "SPEED_STATE_DIR",
                stateDir.isBlank() ? dataDir.resolve("flink").toString() : stateDir);
        if (cluster) {
            // Spark's workers launch executors from SPARK_HOME's jars (SparkHome, made by up);
            // every process of the mode sees the same home, as a host's daemons would.
            resolved.putIfAbsent("SPARK_HOME", dataDir.resolve("spark-home").toString());
            resolved.putIfAbsent("SPARK_SCALA_VERSION", "2.13");
        }
        if (cluster && operatorEnv.getOrDefault("SPEED_STATE_PATH", "").isBlank()) {
            resolved.put(
                    "SPEED_STATE_PATH",
                    "s3://" + ObjectStoreSettings.from(operatorEnv).bucket() + "/speed");
        }
        this.env = Map.copyOf(resolved);
        this.supervisor = new Supervisor(dataDir);
        this.progress = progress;
    }

    public static Pipeline fromEnvironment(Progress progress) {
        return new Pipeline(findRepoRoot(), System.getenv(), progress);
    }

    /**
     * The checkout: REPO_ROOT (set by ./pipeline), else the nearest folder above the working
     * directory holding the {@code pipeline} script.
     */
    static Path findRepoRoot() {
        String set = System.getenv("REPO_ROOT");
        if (set != null && !set.isBlank()) {
            return Path.of(set);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pipeline"))) {
                return dir;
            }
        }
        throw new IllegalStateException("the checkout (a folder with ./pipeline) was not found");
    }

    public boolean cluster() {
        return cluster;
    }

    public Path repoRoot() {
        return repoRoot;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The environment of every process the pipeline starts. */
    public Map<String, String> env() {
        return env;
    }

    /** A setting in effect: the operator's value, else the mode's default. */
    public String setting(Setting setting) {
        return setting.value(env, cluster);
    }

    public int port(Setting setting) {
        return setting.port(env, cluster);
    }

    /** JVM flags from a setting, split on white space. */
    public List<String> jvmOptions(Setting setting) {
        return new ArrayList<>(Arrays.asList(setting(setting).trim().split("\\s+")));
    }

    public ObjectStoreSettings store() {
        return ObjectStoreSettings.from(env);
    }

    public Supervisor supervisor() {
        return supervisor;
    }

    public Progress progress() {
        return progress;
    }

    public void say(String message) {
        progress.say(message);
    }

    /** The dataset the first model and the retrains read. */
    public Path dataset() {
        return path(StackDefaults.PIPELINE_DATASET, env, cluster);
    }

    public String sample() {
        return setting(StackDefaults.PIPELINE_SAMPLE);
    }

    /** A module's jar, failing with the build command when it is missing. */
    public Path moduleJar(String module) {
        return requireBuilt(repoRoot.resolve(module + "/target/" + module + "-0.1.0-SNAPSHOT.jar"));
    }

    /**
     * Rebuilds a module's jar (offline, no tests) when it is missing or a main source or the
     * module's pom is newer: a benchmark that runs the module's classes from the jar measures the
     * working tree.
     */
    void rebuildJarIfStale(String module) {
        Path dir = repoRoot.resolve(module);
        Path jar = dir.resolve("target/" + module + "-0.1.0-SNAPSHOT.jar");
        boolean stale;
        try (Stream<Path> sources =
                Stream.concat(
                        Files.walk(dir.resolve("src/main")), Stream.of(dir.resolve("pom.xml")))) {
            long built = Files.exists(jar) ? Files.getLastModifiedTime(jar).toMillis() : 0;
            stale =
                    sources.filter(Files::isRegularFile)
                            .anyMatch(p -> p.toFile().lastModified() > built);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!stale) {
            return;
        }
        String pom = module + "/pom.xml";
        say("rebuilding the " + module + " jar (mvn -o -f " + pom + " package -DskipTests)");
        if (mavenOffline(List.of("-f", pom, "-DskipTests", "package")) != 0) {
            throw new IllegalStateException(module + " jar did not build");
        }
    }

    /**
     * Runs Maven on the repository, offline, quiet, without the format check (a benchmark builds
     * the working tree as it is), attached to this terminal; its exit code.
     */
    int mavenOffline(List<String> arguments) {
        List<String> command =
                new ArrayList<>(List.of("mvn", "-B", "-q", "-o", "-Dspotless.check.skip=true"));
        command.addAll(arguments);
        return Supervisor.runAttached(ProcessSpec.of("mvn", command).withWorkingDir(repoRoot));
    }

    /** A module's runtime dependency jars ({@code target/lib}), as a class path entry. */
    public String moduleLib(String module) {
        return requireBuilt(repoRoot.resolve(module + "/target/lib")) + "/*";
    }

    public String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Path requireBuilt(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException("missing " + path + "; build with: ./pipeline build");
        }
        return path;
    }

    /** A path the operator set is read from where they are; a default is the checkout's. */
    private Path path(Setting setting, Map<String, String> from, boolean inCluster) {
        String set = from.get(setting.variable());
        Path path =
                set == null || set.isBlank()
                        ? repoRoot.resolve(setting.value(Map.of(), inCluster))
                        : Path.of(set.trim());
        return path.toAbsolutePath().normalize();
    }
}
