package org.lambdamusic.batch.cli;

import java.util.Map;
import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.batch.evaluation.PromotionGate;
import org.lambdamusic.batch.interactions.ArchiveSource;
import org.lambdamusic.contracts.model.BatchRunResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Command line of the batch job, parsed with picocli ({@link Flags}). Every option has one default,
 * written here; the Spark master may also come from {@code SPARK_MASTER}. A bad command line is one
 * {@link BatchJobException} line (the job exits 2 on it); {@code --help} prints {@link #help()}.
 */
public record JobOptions(
        String input,
        String output,
        SampleSize sample,
        long seed,
        int topK,
        int keepVersions,
        String master,
        boolean ifAbsent,
        ArchiveSource interactions,
        String runId,
        boolean evaluateOnly,
        double qualityMargin,
        boolean forcePromote) {

    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_TOP_K = 100;
    public static final int DEFAULT_KEEP_VERSIONS = 5;
    public static final String DEFAULT_MASTER = "local[*]";

    /** Exit code of a run the quality gate kept from promotion (written, LATEST unchanged). */
    public static final int EXIT_REJECTED = 3;

    public static final String USAGE =
            "usage: BatchJobMain --input <csv|csv.gz> --output <s3://bucket/models|file:///dir>"
                    + " [--sample 4832|all] [--seed 42] [--top-k 100] [--keep-versions 5]"
                    + " [--master local[*]] [--if-absent] [--interactions <uri|none>]"
                    + " [--run-id <id>] [--quality-margin 0.02] [--force-promote]"
                    + " [--evaluate-only]";

    /** The flags as picocli sees them; {@link #parse} turns them into the record. */
    @Command(
            name = "./pipeline batch",
            sortOptions = false,
            usageHelpWidth = 100,
            description = {
                "Builds a model version from the Spotify Tracks CSV and publishes it: files first,"
                        + " LATEST last.",
                "Exit 0: published (or, with --if-absent, LATEST already served that sample; with"
                        + " --evaluate-only, evaluated); 1: failed, nothing published; 2: bad options;"
                        + " 3: rejected by the quality gate (the version is written, LATEST unchanged)."
            })
    static final class Flags {
        @Option(
                names = "--input",
                paramLabel = "<csv|csv.gz|file://...>",
                converter = Value.class,
                description = "Spotify Tracks CSV, optionally gzip (required)")
        String input;

        @Option(
                names = "--output",
                paramLabel = "<s3://bucket/prefix|file:///dir>",
                converter = Value.class,
                description = "where versions and LATEST go (required)")
        String output;

        @Option(
                names = "--sample",
                paramLabel = "<n|all>",
                defaultValue = "" + SampleSize.DEFAULT_COUNT,
                converter = Sample.class,
                description =
                        "tracks in the model: n = dense n x n matrix, all = whole clean catalog,"
                                + " top-K (default: ${DEFAULT-VALUE})")
        SampleSize sample;

        @Option(
                names = "--seed",
                paramLabel = "<long>",
                defaultValue = "" + DEFAULT_SEED,
                converter = LongValue.class,
                description = "sampling seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(
                names = "--top-k",
                paramLabel = "<k>",
                defaultValue = "" + DEFAULT_TOP_K,
                converter = PositiveInt.class,
                description = "neighbours per track with --sample all (default: ${DEFAULT-VALUE})")
        int topK;

        @Option(
                names = "--keep-versions",
                paramLabel = "<n>",
                defaultValue = "" + DEFAULT_KEEP_VERSIONS,
                converter = PositiveInt.class,
                description = "newest versions kept after publishing (default: ${DEFAULT-VALUE})")
        int keepVersions;

        @Option(
                names = "--master",
                paramLabel = "<url>",
                converter = Value.class,
                description = "Spark master (default: $SPARK_MASTER, else " + DEFAULT_MASTER + ")")
        String master;

        @Option(
                names = "--if-absent",
                description =
                        "do nothing (exit 0) when the output's LATEST already serves a model of"
                                + " the requested --sample")
        boolean ifAbsent;

        @Option(
                names = "--interactions",
                paramLabel = "<uri|none>",
                converter = Value.class,
                description = {
                    "the interaction archive the batch views are computed from:",
                    "an s3, s3a or file URI or a path; missing or empty: empty views;",
                    "none: read nothing (default: the sibling 'interactions' of the",
                    "output's last path segment, so s3://recommender/models reads",
                    "s3://recommender/interactions)"
                })
        String interactions;

        @Option(
                names = "--run-id",
                paramLabel = "<id>",
                converter = Value.class,
                description = {
                    "write the run's outcome (contracts' BatchRunResult) to",
                    "<output>/_retrain/results/<id>.json: how the serving layer's",
                    "retrainer learns what its run published (default: none)"
                })
        String runId;

        @Option(
                names = "--quality-margin",
                paramLabel = "<ndcg>",
                converter = Margin.class,
                description = {
                    "promotion gate: how far (absolute) the new version's blend NDCG@10 may",
                    "fall below the served version's before it is written but not promoted",
                    "(default: $QUALITY_GATE_MARGIN, else " + PromotionGate.DEFAULT_MARGIN + ")"
                })
        Double qualityMargin;

        @Option(
                names = "--force-promote",
                description = "promote the new version even when the quality gate rejects it")
        boolean forcePromote;

        @Option(
                names = "--evaluate-only",
                description = {
                    "build, train and evaluate the version, print the evaluation table and the",
                    "ALS time, publish nothing (./pipeline bench quality)"
                })
        boolean evaluateOnly;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "show this help and exit")
        boolean help;
    }

    public static JobOptions parse(String[] args, Map<String, String> env) {
        Flags flags = new Flags();
        try {
            // A repeated flag: the last one wins, as it always did.
            new CommandLine(flags).setOverwrittenOptionsAllowed(true).parseArgs(args);
        } catch (ParameterException e) {
            throw new BatchJobException(oneLine(e), e);
        }
        if (flags.input == null || flags.output == null) {
            throw new BatchJobException("--input and --output are required; " + USAGE);
        }
        if (flags.runId != null && !BatchRunResult.isValidRunId(flags.runId)) {
            throw new BatchJobException(
                    "--run-id must be letters, digits, '-' or '_' (at most 100): " + flags.runId);
        }
        if (flags.evaluateOnly && flags.runId != null) {
            throw new BatchJobException(
                    "--evaluate-only publishes nothing, so it has no run result: drop --run-id");
        }
        double margin;
        if (flags.qualityMargin != null) {
            margin = flags.qualityMargin;
        } else {
            String fromEnv = env.get("QUALITY_GATE_MARGIN");
            try {
                margin =
                        fromEnv == null || fromEnv.isBlank()
                                ? PromotionGate.DEFAULT_MARGIN
                                : new Margin().convert(fromEnv);
            } catch (TypeConversionException e) {
                throw new BatchJobException(
                        "QUALITY_GATE_MARGIN " + e.getMessage() + ", got " + fromEnv);
            }
        }
        String master =
                flags.master != null
                        ? flags.master
                        : env.getOrDefault("SPARK_MASTER", DEFAULT_MASTER);
        return new JobOptions(
                flags.input,
                flags.output,
                flags.sample,
                flags.seed,
                flags.topK,
                flags.keepVersions,
                master,
                flags.ifAbsent,
                ArchiveSource.parse(
                        flags.interactions != null
                                ? flags.interactions
                                : ArchiveSource.defaultUriFor(flags.output)),
                flags.runId,
                flags.evaluateOnly,
                margin,
                flags.forcePromote);
    }

    /** True when the command line asks for the usage help (which then wins over everything). */
    public static boolean helpRequested(String[] args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                return true;
            }
        }
        return false;
    }

    /** The usage help: every flag with its default. */
    public static String help() {
        return new CommandLine(new Flags()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** The job's one-line messages for picocli's parse errors (operators' scripts match them). */
    private static String oneLine(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched) {
            return "unknown option " + unmatched.getUnmatched().get(0) + "; " + USAGE;
        }
        if (e instanceof MissingParameterException missing
                && !missing.getMissing().isEmpty()
                && missing.getMissing().get(0) instanceof OptionSpec option) {
            return option.longestName() + " needs a value; " + USAGE;
        }
        String flag = e.getArgSpec() instanceof OptionSpec option ? option.longestName() : "option";
        if (e.getCause() instanceof BatchJobException cause) {
            return cause.getMessage();
        }
        if (e.getCause() instanceof TypeConversionException cause) {
            return cause.getMessage().isEmpty()
                    ? flag + " needs a value; " + USAGE
                    : flag + " " + cause.getMessage() + ", got " + e.getValue();
        }
        return e.getMessage();
    }

    /** A flag's value; one that starts with "--" is the next flag, so this one has none. */
    static final class Value implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            if (text.startsWith("--")) {
                throw new TypeConversionException("");
            }
            return text;
        }
    }

    static final class Sample implements ITypeConverter<SampleSize> {
        @Override
        public SampleSize convert(String text) {
            return SampleSize.parse(new Value().convert(text));
        }
    }

    static final class LongValue implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            try {
                return Long.parseLong(new Value().convert(text).trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("must be an integer");
            }
        }
    }

    /** A quality margin: a number >= 0 (NDCG@10 is in [0, 1]). */
    static final class Margin implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double margin;
            try {
                margin = Double.parseDouble(new Value().convert(text).trim());
            } catch (NumberFormatException e) {
                margin = -1;
            }
            if (!(margin >= 0) || Double.isInfinite(margin)) {
                throw new TypeConversionException("must be a number >= 0");
            }
            return margin;
        }
    }

    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int n;
            try {
                n = Integer.parseInt(new Value().convert(text).trim());
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                throw new TypeConversionException("must be a positive integer");
            }
            return n;
        }
    }
}
