package org.lambdamusic.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.deploy.FlinkSessionConfig;
import org.lambdamusic.contracts.deploy.Setting;
import org.lambdamusic.contracts.deploy.StackDefaults;
import org.lambdamusic.localstack.kafka.TopicsScript;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks {@code docker/} (the multi-node deployment) without Docker: what can go wrong in it
 * silently, before anyone runs {@code docker compose up} on real hosts.
 *
 * <ul>
 *   <li>{@code compose.yaml} parses (YAML merge keys included) and every service has an image or a
 *       build;
 *   <li>every image is pinned: third-party images by an exact version tag or digest, never {@code
 *       latest}; the project's images tagged with the project version, their Dockerfiles' base
 *       images pinned the same way;
 *   <li>every module artifact a Dockerfile copies is what that module's build makes: the jar name
 *       from the module's artifactId and the project version, {@code target/lib/} only from a
 *       module whose pom copies its runtime dependencies there, a Spring Boot fat jar only from a
 *       module that repackages; every other {@code COPY} source exists in the repository;
 *   <li>every environment key a service gets (compose {@code environment}, the Dockerfile's {@code
 *       ENV}) is one the code reads; every key of {@code .env.example} is used by the compose file,
 *       and every variable the compose file interpolates is documented there;
 *   <li>the speed job's checkpoints and savepoints: the JobManager, the TaskManagers and the client
 *       get one {@code SPEED_STATE_PATH}, in the bucket minio-init creates, and the Flink {@code
 *       config.yaml} the entrypoint writes puts {@code state.checkpoints.dir} and {@code
 *       state.savepoints.dir} where the client looks (the speed layer's subfolders);
 *   <li>no two services publish the same host port, and a replicated service publishes none;
 *   <li>the project's images run as a non-root user;
 *   <li>the topics script is what {@code ./pipeline topics --script 3} prints from contracts'
 *       {@link Topics#ALL} (replicated over the three brokers, minimum ISR one below);
 *   <li>the defaults docker/ restates are those of contracts' {@link StackDefaults};
 *   <li>{@code docker/.env}, where the secrets go, is gitignored.
 * </ul>
 *
 * <p>Why the artifacts are checked against the module poms and not against the built files: this
 * module builds before the layers in the reactor (they use it in their tests), so here their {@code
 * target/} is absent on a fresh checkout or stale after an edit. The poms say what {@code mvn
 * package} will produce, which is what the image build stage runs.
 *
 * <p>Where the keys "the code reads" come from, scanned from the sources so the list never goes
 * stale: {@code ${NAME:...}} in the serving layer's {@code application*.properties} and the Spring
 * relaxed-binding name of each of its property keys; {@code key("NAME")}, {@code getenv("NAME")},
 * {@code getOrDefault("NAME"}, the contracts' {@code integer(env, "NAME"} style and {@code static
 * final String X = "NAME";} constants in every module's main Java sources; {@code ${NAME:-...}} in
 * {@code ./pipeline}; every setting of contracts' {@code StackDefaults} (e.g. {@code
 * PIPELINE_DATASET}, {@code SERVING_JAVA_OPTS}); for a project image, the keys its own {@code
 * docker/<image>/entrypoint.sh} reads. Plus the short lists below of keys read by the third-party
 * code inside an image, each with where it is read.
 */
class DockerDeploymentTest {

    /** Read by Spark itself (Worker, launcher, SparkSubmit) in the batch and serving images. */
    private static final Set<String> SPARK_KEYS =
            Set.of(
                    "SPARK_HOME", // launcher and Worker: jars/ of the executors' classpath
                    "SPARK_SCALA_VERSION", // Worker: without it "Cannot find any build directories"
                    "SPARK_WORKER_CORES", // WorkerArguments
                    "SPARK_WORKER_MEMORY", // WorkerArguments
                    "SPARK_WORKER_DIR", // WorkerArguments
                    "SPARK_LOCAL_IP"); // Utils.localHostName; also passed on by SparkBatchJob

    /** Read by Spring Boot itself in the serving image. */
    private static final Set<String> SPRING_KEYS = Set.of("SPRING_PROFILES_ACTIVE");

    /**
     * Keys passed through before the code reads them (none now: SECURITY_MODE, JWT_SECRET and
     * JWT_JWK_SET_URI are the serving layer's, in its application.properties).
     */
    private static final Set<String> PENDING_KEYS = Set.of();

    /** Third-party images and the environment prefixes they document. */
    private static final Map<String, List<String>> IMAGE_KEY_PREFIXES =
            Map.of(
                    "apache/kafka", List.of("KAFKA_", "CLUSTER_ID"), // KAFKA_<property>
                    "minio/minio", List.of("MINIO_"),
                    "minio/mc", List.of("MC_"),
                    "nginx", List.of());

    private static final Pattern PINNED_TAG =
            Pattern.compile(
                    "[^:@\\s]+(:[A-Za-z0-9._-]*\\d[A-Za-z0-9._-]*)?(@sha256:[0-9a-f]{64})?");

    private static Path root;
    private static Path docker;
    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;
    private static String projectVersion;

    @BeforeAll
    static void load() throws IOException {
        root = repoRoot();
        docker = root.resolve("docker");
        try (Reader reader = Files.newBufferedReader(docker.resolve("compose.yaml"))) {
            compose = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(reader));
        }
        services = new TreeMap<>();
        map(compose.get("services")).forEach((name, body) -> services.put(name, map(body)));
        projectVersion = tag(read(root.resolve("pom.xml")), "version", 0);
    }

    @Test
    void composeDefinesEveryServiceWithAnImageOrABuild() {
        assertThat(services)
                .containsKeys(
                        "kafka-1",
                        "kafka-2",
                        "kafka-3",
                        "kafka-init",
                        "minio",
                        "minio-init",
                        "spark-master",
                        "spark-worker",
                        "batch-init",
                        "flink-jobmanager",
                        "flink-taskmanager",
                        "speed-job",
                        "serving",
                        "proxy");
        services.forEach(
                (name, service) ->
                        assertThat(service.containsKey("image") || service.containsKey("build"))
                                .as("service %s has an image or a build", name)
                                .isTrue());
        assertThat(replicas("spark-worker")).isEqualTo(2);
        assertThat(replicas("flink-taskmanager")).isEqualTo(2);
        assertThat(replicas("serving")).isEqualTo(2);
        assertThat(environment("speed-job")).containsEntry("FLINK_PARALLELISM", "3");
    }

    @Test
    void everyImageIsPinned() throws IOException {
        services.forEach(
                (name, service) -> {
                    String image = (String) service.get("image");
                    if (service.containsKey("build")) {
                        assertThat(image)
                                .as("%s: a project image is tagged with the project version", name)
                                .endsWith(":" + projectVersion);
                    } else {
                        assertPinned(name, image);
                    }
                });
        for (Path dockerfile : dockerfiles()) {
            for (String line : instructions(dockerfile)) {
                if (line.startsWith("FROM ")) {
                    assertPinned(root.relativize(dockerfile).toString(), line.split("\\s+")[1]);
                }
            }
        }
    }

    @Test
    void dockerfilesCopyWhatTheModulesBuild() throws IOException {
        List<String> modules = modules();
        Pattern artifact = Pattern.compile("/src/([\\w-]+)/target/(.+)");
        for (Path dockerfile : dockerfiles()) {
            String where = root.relativize(dockerfile).toString();
            for (String line : instructions(dockerfile)) {
                Matcher build = Pattern.compile("mvn .*-pl ([\\w,-]+)").matcher(line);
                if (build.find()) {
                    assertThat(modules)
                            .as("%s builds modules of the reactor", where)
                            .containsAll(List.of(build.group(1).split(",")));
                }
                if (!line.startsWith("COPY ")) {
                    continue;
                }
                List<String> args =
                        Stream.of(line.substring(5).trim().split("\\s+"))
                                .filter(a -> !a.startsWith("--chmod") && !a.startsWith("--chown"))
                                .toList();
                boolean fromBuild = args.get(0).startsWith("--from=");
                List<String> sources =
                        args.subList(fromBuild ? 1 : 0, args.size() - 1).stream().toList();
                for (String source : sources) {
                    if (!fromBuild) {
                        assertThat(root.resolve(source))
                                .as("%s copies %s from the repository", where, source)
                                .exists();
                        continue;
                    }
                    if (source.equals(".")) {
                        continue;
                    }
                    Matcher m = artifact.matcher(source);
                    assertThat(m.matches())
                            .as("%s copies a module's build output: %s", where, source)
                            .isTrue();
                    String module = m.group(1);
                    assertThat(modules).as("%s: module %s", where, module).contains(module);
                    String pom = read(root.resolve(module).resolve("pom.xml"));
                    String file = m.group(2);
                    if (file.equals("lib/") || file.equals("lib")) {
                        assertThat(pom)
                                .as("%s: %s/pom.xml copies its runtime dependencies", where, module)
                                .contains("<goal>copy-dependencies</goal>")
                                .contains("<includeScope>runtime</includeScope>")
                                .contains(
                                        "<outputDirectory>${project.build.directory}/lib</outputDirectory>");
                    } else {
                        assertThat(file)
                                .as("%s: the jar %s/pom.xml packages", where, module)
                                .isEqualTo(
                                        tag(pom, "artifactId", 1) + "-" + projectVersion + ".jar");
                        assertThat(tag(pom, "packaging", 0)).isIn("jar", null);
                        if (module.equals("serving-layer")) {
                            assertThat(pom)
                                    .as("the serving image runs java -jar: a Spring Boot fat jar")
                                    .contains("<artifactId>spring-boot-maven-plugin</artifactId>")
                                    .contains("<goal>repackage</goal>");
                        }
                    }
                }
            }
        }
    }

    @Test
    void entrypointsStartClassesOfTheProject() throws IOException {
        Pattern projectClass = Pattern.compile("org\\.lambdamusic\\.[\\w.]+\\.[A-Z]\\w+");
        for (Path script : entrypoints()) {
            Matcher m = projectClass.matcher(read(script));
            while (m.find()) {
                String path = m.group().replace('.', '/') + ".java";
                assertThat(
                                modules().stream()
                                        .map(mod -> root.resolve(mod + "/src/main/java/" + path)))
                        .as("%s starts %s", root.relativize(script), m.group())
                        .anyMatch(Files::isRegularFile);
            }
        }
    }

    @Test
    void everyEnvironmentKeyIsReadByTheCode() throws IOException {
        Set<String> codeKeys = codeKeys();
        Map<String, Set<String>> imageKeys = new HashMap<>();
        for (Path dockerfile : dockerfiles()) {
            String image = dockerfile.getParent().getFileName().toString();
            Set<String> keys = new TreeSet<>(codeKeys);
            keys.addAll(shellKeys(dockerfile.resolveSibling("entrypoint.sh")));
            switch (image) {
                case "batch" -> keys.addAll(SPARK_KEYS);
                case "speed" -> {}
                case "serving" -> {
                    keys.addAll(SPARK_KEYS);
                    keys.addAll(SPRING_KEYS);
                    keys.addAll(PENDING_KEYS);
                }
                default -> throw new AssertionError("unknown project image docker/" + image);
            }
            imageKeys.put(image, keys);
            for (String key : dockerfileEnvKeys(dockerfile)) {
                assertThat(keys).as("ENV %s in %s", key, root.relativize(dockerfile)).contains(key);
            }
        }
        services.forEach(
                (name, service) -> {
                    Set<String> allowed;
                    List<String> prefixes = List.of();
                    if (service.containsKey("build")) {
                        String dockerfile = (String) map(service.get("build")).get("dockerfile");
                        allowed =
                                imageKeys.get(
                                        Path.of(dockerfile).getParent().getFileName().toString());
                    } else {
                        String image = (String) service.get("image");
                        allowed = codeKeys;
                        prefixes = IMAGE_KEY_PREFIXES.get(image.substring(0, image.indexOf(':')));
                        assertThat(prefixes)
                                .as("%s: image %s is documented", name, image)
                                .isNotNull();
                    }
                    for (String key : environment(name).keySet()) {
                        boolean imageKey = prefixes.stream().anyMatch(key::startsWith);
                        assertThat(allowed.contains(key) || imageKey)
                                .as(
                                        "service %s sets %s, which nothing in its image reads",
                                        name, key)
                                .isTrue();
                    }
                });

        Map<String, String> example = envExample();
        Set<String> interpolated = interpolatedVariables();
        Set<String> scriptKeys = scriptKeys();
        for (String key : example.keySet()) {
            assertThat(interpolated)
                    .as(".env.example key %s is used by compose.yaml", key)
                    .contains(key);
            assertThat(
                            codeKeys.contains(key)
                                    || scriptKeys.contains(key)
                                    || PENDING_KEYS.contains(key))
                    .as(".env.example key %s is read by the code or ./pipeline", key)
                    .isTrue();
        }
        assertThat(example.keySet())
                .as("every variable compose.yaml interpolates is documented in .env.example")
                .containsAll(interpolated);
    }

    /**
     * The speed job's checkpoints and savepoints: the JobManager and the TaskManagers write them
     * where their {@code config.yaml} says, the client (speed-job) looks for the snapshot to
     * restore under its own {@code SPEED_STATE_PATH}; all must be the same object store path, which
     * every container reaches without a shared volume, in the bucket minio-init creates.
     */
    @Test
    void speedStateIsOneObjectStorePathForTheClusterAndTheClient() throws IOException {
        Map<String, String> env = envExample();
        List<String> speedServices = List.of("flink-jobmanager", "flink-taskmanager", "speed-job");
        Set<String> values = new TreeSet<>();
        for (String name : speedServices) {
            assertThat(environment(name))
                    .as("%s gets SPEED_STATE_PATH", name)
                    .containsKey("SPEED_STATE_PATH");
            values.add(environment(name).get("SPEED_STATE_PATH"));
        }
        assertThat(values).as("one SPEED_STATE_PATH for %s", speedServices).hasSize(1);
        String statePath = interpolate(values.iterator().next(), env);
        String bucket = interpolate(environment("minio-init").get("S3_BUCKET"), env);
        assertThat(statePath)
                .as("with .env.example's values the state is below the bucket minio-init creates")
                .matches("s3://" + Pattern.quote(bucket) + "/[\\w./-]*[\\w-]");
        assertThat(interpolate(environment("speed-job").get("S3_BUCKET"), env)).isEqualTo(bucket);

        // The cluster's snapshot folders, from the one definition the entrypoint writes them with.
        Map<String, String> jobManagerEnv = new HashMap<>(env);
        environment("flink-jobmanager")
                .forEach((k, v) -> jobManagerEnv.put(k, interpolate(v, env)));
        FlinkSessionConfig cluster = FlinkSessionConfig.forContainer(jobManagerEnv, "10.0.0.2");
        assertThat(cluster.statePath()).isEqualTo(statePath);
        String speedSettings =
                read(
                        root.resolve(
                                "speed-layer/src/main/java/org/lambdamusic/speed/job/SpeedSettings.java"));
        assertThat(cluster.checkpointsDir()).isEqualTo(statePath + "/checkpoints");
        assertThat(cluster.savepointsDir()).isEqualTo(statePath + "/savepoints");
        assertThat(cluster.configYaml())
                .contains("state.checkpoints.dir: \"" + statePath + "/checkpoints\"")
                .contains("state.savepoints.dir: \"" + statePath + "/savepoints\"");
        for (String dir : List.of("checkpoints", "savepoints")) {
            assertThat(speedSettings)
                    .as("the job and its client use <state path>/%s too", dir)
                    .contains("new Path(statePath, \"" + dir + "\")");
        }
        String entrypoint = read(docker.resolve("speed/entrypoint.sh"));
        assertThat(entrypoint)
                .as(
                        "the entrypoint writes the config and exports the state path with FlinkSessionConfig")
                .contains("org.lambdamusic.contracts.deploy.FlinkSessionConfig \"$conf\"")
                .contains("org.lambdamusic.contracts.deploy.FlinkSessionConfig --state-path")
                .doesNotContain("state.checkpoints.dir");
        assertThat(map(compose.get("volumes")))
                .as("no volume left for the speed state")
                .doesNotContainKey("speed-state");
    }

    @Test
    void hostPortsDoNotClash() {
        Map<String, String> published = new TreeMap<>();
        services.forEach(
                (name, service) -> {
                    List<String> ports = ports(service);
                    if (replicas(name) > 1) {
                        assertThat(ports)
                                .as("replicated service %s publishes no fixed port", name)
                                .isEmpty();
                    }
                    for (String mapping : ports) {
                        String[] parts = mapping.split(":");
                        assertThat(parts.length)
                                .as("%s port %s is host:container", name, mapping)
                                .isGreaterThan(1);
                        String hostPort = parts[parts.length - 2];
                        String previous = published.put(hostPort, name);
                        assertThat(previous).as("host port %s of %s", hostPort, name).isNull();
                    }
                });
        assertThat(published).containsEntry("8080", "proxy");
    }

    @Test
    void projectImagesRunAsNonRoot() throws IOException {
        for (Path dockerfile : dockerfiles()) {
            List<String> lines = instructions(dockerfile);
            int lastFrom = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("FROM ")) {
                    lastFrom = i;
                }
            }
            List<String> users =
                    lines.subList(lastFrom, lines.size()).stream()
                            .filter(l -> l.startsWith("USER "))
                            .map(l -> l.substring(5).trim())
                            .toList();
            assertThat(users)
                    .as("%s runtime stage sets a USER", root.relativize(dockerfile))
                    .isNotEmpty();
            assertThat(users.get(users.size() - 1).split(":")[0])
                    .as("%s runs as", root.relativize(dockerfile))
                    .isNotIn("root", "0");
        }
        services.forEach(
                (name, service) -> {
                    if (service.containsKey("build")) {
                        assertThat(String.valueOf(service.get("user")).split(":")[0])
                                .as("%s overrides no USER with root", name)
                                .isNotIn("root", "0");
                    }
                });
    }

    @Test
    void topicsAreTheContractsReplicatedOverThreeBrokers() throws IOException {
        List<String> brokers =
                services.keySet().stream()
                        .filter(name -> environment(name).containsKey("KAFKA_NODE_ID"))
                        .toList();
        assertThat(brokers).hasSize(3);
        assertThat(read(docker.resolve("kafka/create-topics.sh")))
                .as(
                        "docker/kafka/create-topics.sh is what ./pipeline topics --script %d prints"
                                + " from contracts Topics.ALL",
                        brokers.size())
                .isEqualTo(TopicsScript.render(brokers.size()));
        Map<String, String> broker = environment(brokers.get(0));
        assertThat(broker.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(",")).hasSize(brokers.size());
        assertThat(broker).containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2");
        assertThat(Base64.getUrlDecoder().decode(broker.get("CLUSTER_ID")))
                .as("CLUSTER_ID is a base64 16-byte id")
                .hasSize(16);
        String bootstrap = environment("serving").get("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(bootstrap.split(","))
                .containsExactlyElementsOf(brokers.stream().map(b -> b + ":9092").toList());
    }

    /**
     * The values docker/ gives that are defaults of the pipeline are the ones of contracts'
     * StackDefaults, read from there: .env.example's, the speed job's parallelism, the ports.
     */
    @Test
    void defaultsInDockerAreTheDefinitions() throws IOException {
        Map<String, String> example = envExample();
        for (Setting setting :
                List.of(
                        StackDefaults.S3_ACCESS_KEY,
                        StackDefaults.S3_BUCKET,
                        StackDefaults.PIPELINE_SAMPLE)) {
            assertThat(example.get(setting.variable()))
                    .as(".env.example %s", setting.variable())
                    .isEqualTo(setting.defaultValue());
        }
        assertThat(docker.resolve(example.get("PIPELINE_DATASET")).normalize())
                .as(".env.example PIPELINE_DATASET (relative to docker/) is the pipeline's dataset")
                .isEqualTo(root.resolve(StackDefaults.PIPELINE_DATASET.defaultValue()).normalize());
        assertThat(environment("speed-job").get("FLINK_PARALLELISM"))
                .isEqualTo(StackDefaults.FLINK_PARALLELISM.clusterDefault());
        assertThat(ports(services.get("flink-jobmanager")))
                .contains(
                        "127.0.0.1:"
                                + StackDefaults.CLUSTER_FLINK_REST_PORT.defaultValue()
                                + ":"
                                + StackDefaults.CLUSTER_FLINK_REST_PORT.defaultValue());
        assertThat(environment("flink-taskmanager").get("FLINK_TASKMANAGER_SLOTS"))
                .isEqualTo(StackDefaults.CLUSTER_FLINK_SLOTS.defaultValue());
    }

    @Test
    void secretsStayOutOfTheRepository() throws IOException {
        assertThat(read(root.resolve(".gitignore")).lines()).contains("docker/.env");
        for (String secret : List.of("S3_SECRET_KEY", "ADMIN_PASSWORD")) {
            services.forEach(
                    (name, service) -> {
                        String value = environment(name).get(secret);
                        if (value != null) {
                            assertThat(value)
                                    .as("%s gets %s from docker/.env", name, secret)
                                    .startsWith("${" + secret + ":?");
                        }
                    });
        }
    }

    // --- compose.yaml ---------------------------------------------------------------------

    /** The service's environment after merge keys, values as strings (compose's own rule). */
    private static Map<String, String> environment(String service) {
        Object env = services.get(service).get("environment");
        Map<String, String> result = new TreeMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> result.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (env instanceof List<?> list) {
            for (Object entry : list) {
                String[] kv = String.valueOf(entry).split("=", 2);
                result.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return result;
    }

    private static int replicas(String service) {
        Object deploy = services.get(service).get("deploy");
        return deploy == null ? 1 : ((Number) map(deploy).getOrDefault("replicas", 1)).intValue();
    }

    private static List<String> ports(Map<String, Object> service) {
        Object ports = service.get("ports");
        return ports == null ? List.of() : ((List<?>) ports).stream().map(String::valueOf).toList();
    }

    /** Variables compose interpolates ({@code ${NAME}}, {@code ${NAME:-x}}), not {@code $$}. */
    private static Set<String> interpolatedVariables() throws IOException {
        String text = read(docker.resolve("compose.yaml")).replace("$$", "");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Compose's interpolation of {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME-default}}
     * and {@code ${NAME:?error}} (defaults may nest), with {@code env} as the environment.
     */
    private static String interpolate(String value, Map<String, String> env) {
        Pattern innermost =
                Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^${}]*))?}");
        String result = value;
        for (Matcher m = innermost.matcher(result); m.find(); m = innermost.matcher(result)) {
            String set = env.get(m.group(1));
            boolean unset = set == null || (":".equals(m.group(2)) && set.isEmpty());
            String replacement;
            if (!unset) {
                replacement = set;
            } else if ("-".equals(m.group(3))) {
                replacement = m.group(4);
            } else if ("?".equals(m.group(3))) {
                throw new AssertionError(m.group(1) + " is required: " + m.group(4));
            } else {
                replacement = "";
            }
            result = result.substring(0, m.start()) + replacement + result.substring(m.end());
        }
        return result;
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : Files.readAllLines(docker.resolve(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] kv = line.split("=", 2);
                entries.put(kv[0].trim(), kv.length > 1 ? kv[1] : "");
            }
        }
        return entries;
    }

    private static void assertPinned(String where, String image) {
        assertThat(image).as("%s image", where).isNotBlank();
        assertThat(image)
                .as("%s: %s is pinned to a version or digest", where, image)
                .matches(PINNED_TAG)
                .containsAnyOf(":", "@sha256:")
                .doesNotContain(":latest");
    }

    // --- Dockerfiles ----------------------------------------------------------------------

    private static List<Path> dockerfiles() throws IOException {
        try (Stream<Path> files = Files.walk(docker)) {
            return files.filter(p -> p.getFileName().toString().equals("Dockerfile"))
                    .sorted()
                    .toList();
        }
    }

    private static List<Path> entrypoints() throws IOException {
        try (Stream<Path> files = Files.walk(docker)) {
            return files.filter(p -> p.getFileName().toString().equals("entrypoint.sh"))
                    .sorted()
                    .toList();
        }
    }

    /** Instructions with continuation lines joined and comments dropped. */
    private static List<String> instructions(Path dockerfile) throws IOException {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                result.add(current.append(trimmed).toString().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return result;
    }

    private static Set<String> dockerfileEnvKeys(Path dockerfile) throws IOException {
        Set<String> keys = new TreeSet<>();
        for (String line : instructions(dockerfile)) {
            if (line.startsWith("ENV ")) {
                Matcher m = Pattern.compile("(\\w+)=").matcher(line.substring(4));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        return keys;
    }

    // --- what the code reads --------------------------------------------------------------

    private static Set<String> codeKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        StackDefaults.ALL.forEach(setting -> keys.add(setting.variable()));
        Pattern placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
        Pattern propertyKey = Pattern.compile("(?m)^([a-z][\\w.-]*)\\s*=");
        Pattern javaRead =
                Pattern.compile(
                        "(?:getenv|getOrDefault|get|key|integer|decimal)\\(\\s*(?:\\w+\\s*,\\s*)?\"([A-Z][A-Z0-9_]*)\"");
        // A variable's name kept in a constant: FLINK_REST = "SPEED_FLINK_REST", read as
        // env.get(FLINK_REST).
        Pattern javaConstant =
                Pattern.compile(
                        "static final String \\w+\\s*=\\s*\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\";");
        for (String module : modules()) {
            Path main = root.resolve(module).resolve("src/main");
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(main)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".java")) {
                        String text = read(file);
                        keys.addAll(matches(javaRead, text));
                        keys.addAll(matches(javaConstant, text));
                    } else if (name.matches("application.*\\.properties")) {
                        String text = read(file);
                        keys.addAll(matches(placeholder, text));
                        // Spring's relaxed binding: serving.retrain.cron <- SERVING_RETRAIN_CRON
                        for (String key : matches(propertyKey, text)) {
                            keys.add(key.toUpperCase().replace('.', '_').replace('-', '_'));
                        }
                    }
                }
            }
        }
        return keys;
    }

    /** Keys the ./pipeline front door reads with a default ({@code ${NAME:-...}}). */
    private static Set<String> scriptKeys() throws IOException {
        return shellKeys(root.resolve("pipeline"));
    }

    private static Set<String> shellKeys(Path script) throws IOException {
        if (!Files.isRegularFile(script)) {
            return Set.of();
        }
        return matches(Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::?[-=?+]|})"), read(script));
    }

    // --- the repository -------------------------------------------------------------------

    private static List<String> modules() throws IOException {
        return matches(Pattern.compile("<module>([\\w-]+)</module>"), read(root.resolve("pom.xml")))
                .stream()
                .toList();
    }

    /** The n-th (0-based) {@code <name>} element's text, or null. */
    private static String tag(String xml, String name, int index) {
        Matcher m = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
        for (int i = 0; m.find(); i++) {
            if (i == index) {
                return m.group(1).trim();
            }
        }
        return null;
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        return yaml == null ? Map.of() : (Map<String, Object>) yaml;
    }

    private static Path repoRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker/compose.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "docker/compose.yaml not found above the working directory");
    }
}
