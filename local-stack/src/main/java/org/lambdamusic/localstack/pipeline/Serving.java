package org.lambdamusic.localstack.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lambdamusic.contracts.deploy.StackDefaults;
import org.lambdamusic.localstack.supervisor.ProcessSpec;
import org.lambdamusic.localstack.supervisor.Readiness;
import org.lambdamusic.localstack.supervisor.SupervisedProcess;
import org.lambdamusic.localstack.supervisor.Supervisor;

/**
 * The serving layer's instances (the Spring Boot fat jar), with what {@code up} gives them: the
 * admin password, the listener tokens' key in jwt mode, and the RETRAIN_* settings of the
 * retraining they run (the batch job through SparkLauncher, the same input, output and sample as
 * the first model). Ready when {@code /actuator/health/readiness} answers 200, which includes the
 * model component: 200 means a model is served. Also the serving jar's two commands, {@code token}
 * and {@code rollback}.
 */
final class Serving {
    static final String NAME = "serving";
    private static final String LAUNCHER =
            "org.springframework.boot.loader.launch.PropertiesLauncher";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Pattern LOAD_MS = Pattern.compile("model loaded .*?load_ms=(\\d+)");

    private final Pipeline pipeline;
    private String passwordHint;
    private String jwtSecretHint;

    Serving(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    Path jar() {
        return pipeline.moduleJar("serving-layer");
    }

    /** The environment of an instance: secrets, security mode, retraining. */
    Map<String, String> instanceEnv(String sparkMaster) {
        Map<String, String> env = new HashMap<>(pipeline.env());
        env.put("ADMIN_PASSWORD", adminPassword());
        String mode = pipeline.setting(StackDefaults.SECURITY_MODE);
        env.put("SECURITY_MODE", mode);
        if (mode.equals("jwt") && env.getOrDefault("JWT_JWK_SET_URI", "").isBlank()) {
            env.put("JWT_SECRET", jwtSecret());
        }
        putIfUnset(env, "RETRAIN_SPARK_HOME", () -> SparkHome.prepare(pipeline).toString());
        putIfUnset(env, "RETRAIN_APP_JAR", () -> pipeline.moduleJar("batch-layer").toString());
        putIfUnset(env, "RETRAIN_INPUT", () -> pipeline.dataset().toString());
        putIfUnset(env, "RETRAIN_OUTPUT", () -> "s3://" + pipeline.store().bucket() + "/models");
        putIfUnset(env, "RETRAIN_SAMPLE", pipeline::sample);
        putIfUnset(
                env, "RETRAIN_LOG_DIR", () -> pipeline.dataDir().resolve("log/retrain").toString());
        putIfUnset(env, "RETRAIN_JAVA_OPTS", () -> pipeline.setting(StackDefaults.BATCH_JAVA_OPTS));
        if (sparkMaster != null) {
            putIfUnset(env, "RETRAIN_SPARK_MASTER", () -> sparkMaster);
        }
        return env;
    }

    ProcessSpec spec(String name, int port, Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(pipeline.java());
        command.addAll(pipeline.jvmOptions(StackDefaults.SERVING_JAVA_OPTS));
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(args);
        Map<String, String> withPort = new HashMap<>(env);
        withPort.put("SERVER_PORT", Integer.toString(port));
        return ProcessSpec.of(name, command)
                .withEnv(withPort)
                .readyWhen(
                        Readiness.http(base(port) + "/actuator/health/readiness"),
                        Duration.ofSeconds(
                                Long.parseLong(
                                        pipeline.setting(StackDefaults.SERVING_READY_TIMEOUT))))
                .stopGrace(STOP_GRACE);
    }

    static String base(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** The embedded mode's one instance on SERVER_PORT. */
    void up() {
        int port = pipeline.port(StackDefaults.SERVER_PORT);
        var running = pipeline.supervisor().find(NAME);
        if (running.isPresent()) {
            pipeline.say(
                    "serving layer already running at "
                            + base(port)
                            + " (pid "
                            + running.get().pid()
                            + ")");
        } else {
            Map<String, String> env = instanceEnv(null);
            pipeline.say(retrainLine(env));
            pipeline.say(
                    "starting serving layer on :"
                            + port
                            + " (model from "
                            + pipeline.store().endpoint()
                            + ", Kafka "
                            + pipeline.env().get("KAFKA_BOOTSTRAP_SERVERS")
                            + ", log "
                            + pipeline.supervisor().logOf(NAME)
                            + ") ...");
            SupervisedProcess started = start(spec(NAME, port, env, List.of()));
            pipeline.say(
                    "serving layer ready (model "
                            + modelVersion(port)
                            + ", load "
                            + loadMillis(started.log())
                            + " ms)");
        }
        pipeline.progress().out().print(urls(port));
    }

    /** Cluster mode's instances: {@code serving} on SERVER_PORT and {@code serving-2}. */
    void upCluster(String sparkMaster) {
        List<Integer> ports =
                List.of(
                        pipeline.port(StackDefaults.SERVER_PORT),
                        pipeline.port(StackDefaults.CLUSTER_SERVING_PORT_2));
        List<SupervisedProcess> starting = new ArrayList<>();
        List<ProcessSpec> specs = new ArrayList<>();
        Map<String, String> env = null;
        for (int i = 0; i < ports.size(); i++) {
            String name = clusterInstance(i);
            var running = pipeline.supervisor().find(name);
            if (running.isPresent()) {
                pipeline.say(
                        name
                                + " already running at "
                                + base(ports.get(i))
                                + " (pid "
                                + running.get().pid()
                                + ")");
                continue;
            }
            if (env == null) {
                env = instanceEnv(sparkMaster);
                pipeline.say(retrainLine(env));
            }
            pipeline.say(
                    "starting "
                            + name
                            + " on :"
                            + ports.get(i)
                            + " (model from "
                            + pipeline.store().endpoint()
                            + ", Kafka "
                            + pipeline.env().get("KAFKA_BOOTSTRAP_SERVERS")
                            + ", retrains on "
                            + env.get("RETRAIN_SPARK_MASTER")
                            + ", log "
                            + pipeline.supervisor().logOf(name)
                            + ") ...");
            ProcessSpec spec = spec(name, ports.get(i), env, List.of());
            starting.add(pipeline.supervisor().spawn(spec));
            specs.add(spec);
        }
        for (int i = 0; i < starting.size(); i++) {
            awaitReady(starting.get(i), specs.get(i));
        }
        for (int i = 0; i < ports.size(); i++) {
            pipeline.say(
                    clusterInstance(i)
                            + " ready at "
                            + base(ports.get(i))
                            + " (model "
                            + modelVersion(ports.get(i))
                            + ")");
        }
    }

    static String clusterInstance(int index) {
        return index == 0 ? NAME : NAME + "-" + (index + 1);
    }

    SupervisedProcess start(ProcessSpec spec) {
        SupervisedProcess process = pipeline.supervisor().spawn(spec);
        awaitReady(process, spec);
        return process;
    }

    private void awaitReady(SupervisedProcess process, ProcessSpec spec) {
        try {
            process.awaitReady(spec.readiness(), spec.startTimeout());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    e.getMessage()
                            + "\nis a model published at "
                            + pipeline.store().endpoint()
                            + " (models/LATEST)?",
                    e);
        }
    }

    /** The running instances of the mode, for down. */
    List<String> instances() {
        return pipeline.cluster() ? List.of(clusterInstance(0), clusterInstance(1)) : List.of(NAME);
    }

    static String modelVersion(int port) {
        return HttpJson.get(base(port) + "/api/stats")
                .map(stats -> stats.path("model_version").asText())
                .orElse("unknown");
    }

    /** The model load time the app logged ("model loaded ... load_ms=N"), the last one. */
    static String loadMillis(Path log) {
        try {
            Matcher m =
                    LOAD_MS.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
            String last = "n/a";
            while (m.find()) {
                last = m.group(1);
            }
            return last;
        } catch (IOException e) {
            return "n/a";
        }
    }

    private String urls(int port) {
        String security = pipeline.setting(StackDefaults.SECURITY_MODE);
        String data = pipeline.dataDir().toString();
        return String.join(
                "\n",
                "  web UI       http://localhost:" + port + "/",
                "  API          http://localhost:"
                        + port
                        + "/api/stats   (/api/tracks, /api/recommend, /api/interact, /api/trending,"
                        + " /api/user/{id}, /api/models)",
                "  OpenAPI      http://localhost:"
                        + port
                        + "/swagger-ui.html   (document: /v3/api-docs)",
                "  health       http://localhost:"
                        + port
                        + "/actuator/health   (probes: /actuator/health/liveness, /readiness)",
                "  prometheus   http://localhost:"
                        + port
                        + "/actuator/prometheus   (open from this host; from elsewhere: admin"
                        + " credentials)",
                "  security     SECURITY_MODE="
                        + security
                        + (security.equals("jwt")
                                ? "   (listener tokens: ./pipeline token <user>; secret in "
                                        + (jwtSecretHint != null
                                                ? jwtSecretHint
                                                : data + "/jwt.secret")
                                        + ")"
                                : ""),
                "  admin        http://localhost:"
                        + port
                        + "/models.html   (retrain, rollback: user admin, password in "
                        + (passwordHint != null ? passwordHint : data + "/admin.password")
                        + ")",
                "               curl -u admin:$(cat "
                        + data
                        + "/admin.password) -X POST localhost:"
                        + port
                        + "/api/admin/retrain",
                "");
    }

    private String retrainLine(Map<String, String> env) {
        return "retraining: cron '"
                + env.getOrDefault("RETRAIN_CRON", "0 0 3 * * *")
                + "' and POST /api/admin/retrain; "
                + env.get("RETRAIN_INPUT")
                + " -> "
                + env.get("RETRAIN_OUTPUT")
                + " (sample "
                + env.get("RETRAIN_SAMPLE")
                + "), logs in "
                + env.get("RETRAIN_LOG_DIR");
    }

    /** ADMIN_PASSWORD, else the generated one in the data folder. */
    private String adminPassword() {
        String set = pipeline.env().getOrDefault("ADMIN_PASSWORD", "");
        if (!set.isBlank()) {
            passwordHint = "the ADMIN_PASSWORD you set";
            pipeline.say("admin API: user admin, password from ADMIN_PASSWORD");
            return set;
        }
        Path file = Secrets.adminPasswordFile(pipeline);
        Secrets.Secret secret = Secrets.read(file, 18);
        if (secret.generated()) {
            pipeline.say("generated an admin password into " + file + " (mode 600)");
        }
        passwordHint = file.toString();
        pipeline.say("admin API: user admin, password in " + file);
        return secret.value();
    }

    /** JWT_SECRET, else the generated one in the data folder; ./pipeline token signs with it. */
    String jwtSecret() {
        String set = pipeline.env().getOrDefault("JWT_SECRET", "");
        if (!set.isBlank()) {
            jwtSecretHint = "the JWT_SECRET you set";
            return set;
        }
        Path file = Secrets.jwtSecretFile(pipeline);
        Secrets.Secret secret = Secrets.read(file, 32);
        if (secret.generated()) {
            pipeline.say("generated a token secret into " + file + " (mode 600)");
        }
        jwtSecretHint = file.toString();
        return secret.value();
    }

    /** ./pipeline token: TokenCommand from the serving jar, signed with the pipeline's secret. */
    int token(List<String> args) {
        Map<String, String> env = new HashMap<>(pipeline.env());
        env.put("JWT_SECRET", jwtSecret());
        return Supervisor.runAttached(
                jarCommand("token", "org.lambdamusic.serving.security.TokenCommand", args)
                        .withEnv(env));
    }

    /** ./pipeline rollback: RollbackCommand from the serving jar (the admin API's checks). */
    int rollback(List<String> args) {
        return Supervisor.runAttached(
                jarCommand("rollback", "org.lambdamusic.serving.admin.RollbackCommand", args)
                        .withEnv(pipeline.env()));
    }

    private ProcessSpec jarCommand(String name, String main, List<String> args) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                pipeline.java(),
                                "-Dloader.main=" + main,
                                "-cp",
                                jar().toString(),
                                LAUNCHER));
        command.addAll(args);
        return ProcessSpec.of(name, command);
    }

    private static void putIfUnset(
            Map<String, String> env, String key, java.util.function.Supplier<String> value) {
        if (env.getOrDefault(key, "").isBlank()) {
            env.put(key, value.get());
        }
    }
}
