package org.lambdamusic.batch.cli;

import java.util.Map;
import org.lambdamusic.batch.BatchJobException;

/**
 * Command line of the batch job. Every option has one default, written here; the Spark master may
 * also come from {@code SPARK_MASTER}.
 *
 * <pre>
 * --input &lt;csv|csv.gz|file://...&gt;     required
 * --output &lt;s3://bucket/prefix|file:///dir&gt;  required
 * --sample &lt;n|all&gt;        default 4832
 * --seed &lt;long&gt;           default 42
 * --top-k &lt;k&gt;             default 100 (only with --sample all)
 * --keep-versions &lt;n&gt;     default 5
 * --master &lt;url&gt;          default $SPARK_MASTER, else local[*]
 * --if-absent              do nothing (exit 0) when the output already has a LATEST
 * </pre>
 */
public record JobOptions(
        String input,
        String output,
        SampleSize sample,
        long seed,
        int topK,
        int keepVersions,
        String master,
        boolean ifAbsent) {

    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_TOP_K = 100;
    public static final int DEFAULT_KEEP_VERSIONS = 5;
    public static final String DEFAULT_MASTER = "local[*]";

    public static final String USAGE =
            "usage: BatchJobMain --input <csv|csv.gz> --output <s3://bucket/models|file:///dir>"
                    + " [--sample 4832|all] [--seed 42] [--top-k 100] [--keep-versions 5]"
                    + " [--master local[*]] [--if-absent]";

    public static JobOptions parse(String[] args, Map<String, String> env) {
        String input = null;
        String output = null;
        SampleSize sample = new SampleSize(SampleSize.DEFAULT_COUNT);
        long seed = DEFAULT_SEED;
        int topK = DEFAULT_TOP_K;
        int keep = DEFAULT_KEEP_VERSIONS;
        String master = env.getOrDefault("SPARK_MASTER", DEFAULT_MASTER);
        boolean ifAbsent = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--if-absent" -> ifAbsent = true;
                case "--input" -> input = value(args, ++i, flag);
                case "--output" -> output = value(args, ++i, flag);
                case "--sample" -> sample = SampleSize.parse(value(args, ++i, flag));
                case "--seed" -> seed = parseLong(value(args, ++i, flag), flag);
                case "--top-k" -> topK = positiveInt(value(args, ++i, flag), flag);
                case "--keep-versions" -> keep = positiveInt(value(args, ++i, flag), flag);
                case "--master" -> master = value(args, ++i, flag);
                default -> throw new BatchJobException("unknown option " + flag + "; " + USAGE);
            }
        }
        if (input == null || output == null) {
            throw new BatchJobException("--input and --output are required; " + USAGE);
        }
        return new JobOptions(input, output, sample, seed, topK, keep, master, ifAbsent);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new BatchJobException(flag + " needs a value; " + USAGE);
        }
        return args[i];
    }

    private static long parseLong(String text, String flag) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new BatchJobException(flag + " must be an integer, got " + text);
        }
    }

    private static int positiveInt(String text, String flag) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the one message below
        }
        throw new BatchJobException(flag + " must be a positive integer, got " + text);
    }
}
