package org.lambdamusic.localstack.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lambdamusic.contracts.deploy.Setting;
import org.lambdamusic.contracts.deploy.StackDefaults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The subcommands of {@code ./pipeline} (the shell script only builds what is missing and execs
 * this JVM). The mode, data folder and settings come from the environment ({@link Pipeline}).
 */
public final class PipelineCommands {
    private PipelineCommands() {}

    /** The commands whose arguments go on unparsed to the program they run. */
    public static final List<String> PASS_THROUGH = List.of("batch", "token", "rollback", "bench");

    static Pipeline pipeline() {
        return Pipeline.fromEnvironment(new Progress(System.out));
    }

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description =
                    "Start what is not running: object store, Kafka, the first model, the speed"
                            + " job, serving (PIPELINE_MODE=cluster: the local clusters).")
    public static final class Up implements Callable<Integer> {
        @Override
        public Integer call() {
            StackMode.of(pipeline()).up();
            return 0;
        }
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description = "Stop everything up started.")
    public static final class Down implements Callable<Integer> {
        @Override
        public Integer call() {
            StackMode.of(pipeline()).down();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "What runs, where.")
    public static final class Status implements Callable<Integer> {
        @Override
        public Integer call() {
            StackMode.of(pipeline()).status();
            return 0;
        }
    }

    @Command(
            name = "reset",
            mixinStandardHelpOptions = true,
            description =
                    "reset speed: stop the speed job, delete its state, start it again from the"
                            + " served model's watermark.")
    public static final class Reset implements Callable<Integer> {
        @Parameters(paramLabel = "speed", description = "what to reset (speed)")
        String what;

        @Override
        public Integer call() {
            if (!"speed".equals(what)) {
                throw new IllegalArgumentException("usage: ./pipeline reset speed");
            }
            StackMode.of(pipeline()).resetSpeed();
            return 0;
        }
    }

    @Command(
            name = "batch",
            description =
                    "Run the batch job once: --input <csv|csv.gz> --output <s3://bucket/models|file:///dir>"
                            + " [--sample 4832|all] [--seed 42] [--interactions <uri|none>] ...")
    public static final class Batch implements Callable<Integer> {
        @Parameters(paramLabel = "ARGS", description = "BatchJobMain's arguments")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return new BatchRun(pipeline()).run(args);
        }
    }

    @Command(
            name = "token",
            description = "Print a listener's bearer token: <user> [--admin] [--ttl 12h].")
    public static final class Token implements Callable<Integer> {
        @Parameters(paramLabel = "ARGS")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            if (args.isEmpty()) {
                throw new IllegalArgumentException(
                        "usage: ./pipeline token <user> [--admin] [--ttl 12h]");
            }
            // Only the token on stdout: progress goes to stderr.
            return new Serving(Pipeline.fromEnvironment(new Progress(System.err))).token(args);
        }
    }

    @Command(
            name = "rollback",
            description = "Point models/LATEST at an existing older version after verifying it.")
    public static final class Rollback implements Callable<Integer> {
        @Parameters(paramLabel = "ARGS")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            if (args.size() != 1) {
                throw new IllegalArgumentException(
                        "usage: ./pipeline rollback <version>   (versions: curl -s"
                                + " localhost:8080/api/models | jq -r '.versions[].version')");
            }
            return new Serving(pipeline()).rollback(args);
        }
    }

    @Command(
            name = "bench",
            description =
                    "Run a benchmark: batch|topk|batch-views|speed|views|serving|retrain|cluster-speed"
                            + " (BENCHMARKS.md).")
    public static final class Bench implements Callable<Integer> {
        @Parameters(paramLabel = "ARGS")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            if (args.isEmpty()) {
                throw new IllegalArgumentException(
                        "usage: ./pipeline bench " + String.join("|", Benchmarks.NAMES));
            }
            return new Benchmarks(pipeline()).run(args.get(0), args.subList(1, args.size()));
        }
    }

    @Command(
            name = "config",
            mixinStandardHelpOptions = true,
            description =
                    "Every setting of the pipeline's processes: the value in effect, the default.")
    public static final class Config implements Callable<Integer> {
        @Override
        public Integer call() {
            Pipeline pipeline = pipeline();
            System.out.printf(
                    "%-28s %-44s %s%n",
                    "variable",
                    "in effect (" + (pipeline.cluster() ? "cluster" : "embedded") + ")",
                    "default");
            for (Setting setting : StackDefaults.ALL) {
                String value = pipeline.setting(setting);
                if (setting.variable().contains("SECRET")) {
                    value =
                            value.equals(setting.value(java.util.Map.of(), pipeline.cluster()))
                                    ? value
                                    : "(set)";
                }
                String defaults =
                        setting.defaultValue().equals(setting.clusterDefault())
                                ? setting.defaultValue()
                                : setting.defaultValue()
                                        + " (cluster: "
                                        + setting.clusterDefault()
                                        + ")";
                System.out.printf("%-28s %-44s %s%n", setting.variable(), value, defaults);
            }
            return 0;
        }
    }
}
