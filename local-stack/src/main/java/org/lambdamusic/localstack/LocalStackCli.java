package org.lambdamusic.localstack;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lambdamusic.contracts.config.KafkaSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.localstack.kafka.TopicsScript;
import org.lambdamusic.localstack.pipeline.Pipeline;
import org.lambdamusic.localstack.pipeline.PipelineCommands;
import org.lambdamusic.localstack.pipeline.Progress;
import org.lambdamusic.localstack.replay.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Starts the embedded servers for {@code ./pipeline up} and leaves them running after this JVM
 * exits (pid in {@code <data>/run/<name>.pid}, log in {@code <data>/log/<name>.log}).
 *
 * <pre>
 * start s3    --data DIR   S3-compatible store on the port of S3_ENDPOINT (default 9000)
 * start kafka --data DIR   KRaft broker on the port of KAFKA_BOOTSTRAP_SERVERS (default 9092),
 *                          controller on KAFKA_CONTROLLER_PORT (default broker port + 1)
 * start kafka --nodes 3 --data DIR
 *                          a KRaft cluster of 3 nodes (cluster mode): node i on the first port of
 *                          KAFKA_BOOTSTRAP_SERVERS + 2(i-1), its controller on the port after it;
 *                          pids kafka-1..3; topics replicated 3 times, min.insync.replicas 2
 * start kafka --nodes 3 --node 2 --data DIR
 *                          node 2 of that cluster alone, on its own data (the others run)
 * topics      --data DIR   create the contract topics on KAFKA_BOOTSTRAP_SERVERS
 *                          (replication KAFKA_REPLICATION_FACTOR, default 1)
 * replay lastfm [--dataset DIR] [--catalog URI] [--rate N] [--users N] [--dry-run]
 *                          send the Last.fm listeners to user-interactions (ReplayCommand);
 *                          needs Kafka's and the S3 client's jars on the classpath
 * </pre>
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description =
                "The pipeline's processes in both modes (up, down, status, reset speed), its"
                        + " one-shot commands (batch, token, rollback, topics, replay, bench) and the"
                        + " embedded servers alone (start s3|kafka).",
        subcommands = {
            PipelineCommands.Up.class,
            PipelineCommands.Down.class,
            PipelineCommands.Status.class,
            PipelineCommands.Reset.class,
            PipelineCommands.Batch.class,
            PipelineCommands.Token.class,
            PipelineCommands.Rollback.class,
            PipelineCommands.Bench.class,
            PipelineCommands.Config.class,
            LocalStackCli.Start.class,
            LocalStackCli.Topics.class,
            ReplayCommand.class
        })
public final class LocalStackCli {

    /** The servers {@code start} knows. */
    enum Server {
        s3,
        kafka
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The parser with this tool's error handling: one line on stderr, exit 1, no stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LocalStackCli());
        for (String passThrough : PipelineCommands.PASS_THROUGH) {
            if (cli.getSubcommands().containsKey(passThrough)) {
                cli.getSubcommands().get(passThrough).setUnmatchedOptionsArePositionalParams(true);
            }
        }
        cli.setExecutionExceptionHandler(
                (e, command, parsed) -> {
                    if (e instanceof IllegalArgumentException
                            || e instanceof IllegalStateException
                            || e instanceof java.io.UncheckedIOException) {
                        command.getErr().println("pipeline: error: " + e.getMessage());
                        return 1;
                    }
                    throw e;
                });
        cli.setParameterExceptionHandler(
                (e, args) -> {
                    e.getCommandLine().getErr().println("pipeline: error: " + e.getMessage());
                    e.getCommandLine().usage(e.getCommandLine().getErr());
                    return 1;
                });
        return cli;
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Start s3 or kafka and leave it running.")
    static final class Start implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "s3|kafka", description = "which server")
        Server server;

        @Option(
                names = "--data",
                required = true,
                paramLabel = "DIR",
                description = "data, log and pid directory")
        Path data;

        @Option(
                names = "--nodes",
                paramLabel = "N",
                defaultValue = "1",
                description =
                        "kafka only: 1 (a single broker, the default) or the size of a KRaft"
                                + " cluster")
        int nodes;

        @Option(
                names = "--node",
                paramLabel = "I",
                description =
                        "kafka cluster only: start node I (1-based) alone, on its own data, while"
                                + " the other nodes run (after it died)")
        Integer node;

        @Override
        public Integer call() {
            Path dir = data.toAbsolutePath();
            if (nodes < 1) {
                throw new IllegalArgumentException("--nodes must be at least 1");
            }
            switch (server) {
                case s3 -> startObjectStore(dir);
                case kafka -> {
                    if (node != null) {
                        startKafkaNode(dir, nodes, node);
                    } else if (nodes == 1) {
                        startKafka(dir);
                    } else {
                        startKafkaCluster(dir, nodes);
                    }
                }
            }
            return 0;
        }
    }

    @Command(
            name = "topics",
            mixinStandardHelpOptions = true,
            description = "Create the contract topics (idempotent).")
    static final class Topics implements Callable<Integer> {
        @Option(
                names = "--data",
                paramLabel = "DIR",
                description = "where the log goes (default: the pipeline's data folder)")
        Path data;

        @Option(
                names = "--script",
                paramLabel = "REPLICATION",
                description =
                        "print, instead, the script that creates the topics with Kafka's"
                                + " kafka-topics.sh at this replication (docker/kafka/create-topics.sh)")
        Integer script;

        @Override
        public Integer call() {
            if (script != null) {
                System.out.print(TopicsScript.render(script));
                return 0;
            }
            Pipeline pipeline = Pipeline.fromEnvironment(new Progress(System.out));
            String bootstrap = pipeline.env().get("KAFKA_BOOTSTRAP_SERVERS");
            int replication = Integer.parseInt(env("KAFKA_REPLICATION_FACTOR", "1"));
            LocalKafkaBroker.provisionTopics(
                    bootstrap,
                    replication,
                    data != null ? data.toAbsolutePath() : pipeline.dataDir());
            System.out.println("topics ready bootstrap=" + bootstrap);
            return 0;
        }
    }

    private static void startObjectStore(Path data) {
        ObjectStoreSettings settings = ObjectStoreSettings.fromEnvironment();
        LocalObjectStore store = LocalObjectStore.start(settings, data);
        System.out.println(
                "ready name=s3 endpoint="
                        + store.endpoint()
                        + " bucket="
                        + settings.bucket()
                        + " pid="
                        + store.pid()
                        + " log="
                        + store.log());
    }

    private static void startKafka(Path data) {
        String bootstrap = KafkaSettings.fromEnvironment().bootstrapServers().split(",")[0];
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        int controllerPort =
                Integer.parseInt(env("KAFKA_CONTROLLER_PORT", Integer.toString(port + 1)));
        LocalKafkaBroker broker = LocalKafkaBroker.start(data, port, controllerPort);
        System.out.println(
                "ready name=kafka bootstrap="
                        + broker.bootstrapServers()
                        + " pid="
                        + broker.pid()
                        + " log="
                        + broker.log());
    }

    private static void startKafkaCluster(Path data, int nodes) {
        String bootstrap = KafkaSettings.fromEnvironment().bootstrapServers().split(",")[0];
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        LocalKafkaCluster cluster =
                LocalKafkaCluster.start(data, LocalKafkaCluster.consecutivePorts(port, nodes));
        for (LocalKafkaBroker broker : cluster.brokers()) {
            System.out.println(broker.readyLine());
        }
        System.out.println(
                "ready name=kafka-cluster bootstrap="
                        + cluster.bootstrapServers()
                        + " replication="
                        + nodes
                        + " min_insync_replicas="
                        + LocalKafkaBroker.minInsyncReplicas(nodes));
    }

    private static void startKafkaNode(Path data, int nodes, int nodeId) {
        if (nodes < 2) {
            throw new IllegalArgumentException("--node needs --nodes of 2 or more");
        }
        String bootstrap = KafkaSettings.fromEnvironment().bootstrapServers().split(",")[0];
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        LocalKafkaBroker broker =
                LocalKafkaCluster.startNode(
                        data, LocalKafkaCluster.consecutivePorts(port, nodes), nodeId);
        System.out.println(broker.readyLine());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
