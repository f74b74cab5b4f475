package org.lambdamusic.contracts.deploy;

import java.util.List;
import org.lambdamusic.contracts.config.KafkaSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;

/**
 * Every default of the processes {@code ./pipeline} runs, written once: read by local-stack's
 * supervisor (both modes), printed by {@code ./pipeline config}, used by the docker images (the
 * Flink configuration through {@link FlinkSessionConfig}) and checked against {@code docker/} by
 * local-stack's tests. The connection defaults every layer reads stay where the layers read them
 * ({@link ObjectStoreSettings}, {@link KafkaSettings}); this class names them too, so one list
 * shows them all.
 */
public final class StackDefaults {
    private StackDefaults() {}

    public static final Setting PIPELINE_MODE =
            new Setting(
                    "PIPELINE_MODE",
                    "embedded",
                    "embedded (one broker, the speed job on a local Flink, one serving instance) or"
                            + " cluster (3 Kafka nodes, Spark standalone, a Flink session cluster,"
                            + " two serving instances)");
    public static final Setting PIPELINE_DATA =
            new Setting(
                    "PIPELINE_DATA",
                    "var",
                    "var/cluster",
                    "data, logs (log/) and pid files (run/), relative to the checkout");
    public static final Setting PIPELINE_DATASET =
            new Setting(
                    "PIPELINE_DATASET",
                    "../shared/datasets/spotify_tracks.csv.gz",
                    "input of the first model and of the retrains, relative to the checkout");
    public static final Setting PIPELINE_SAMPLE =
            new Setting(
                    "PIPELINE_SAMPLE",
                    "4832",
                    "tracks in the model up publishes: a number (dense matrix) or all (top-K)");

    public static final Setting S3_ENDPOINT =
            new Setting("S3_ENDPOINT", ObjectStoreSettings.DEFAULT_ENDPOINT, "the object store");
    public static final Setting S3_BUCKET =
            new Setting("S3_BUCKET", ObjectStoreSettings.DEFAULT_BUCKET, "the bucket");
    public static final Setting S3_REGION =
            new Setting("S3_REGION", ObjectStoreSettings.DEFAULT_REGION, "the store's region");
    public static final Setting S3_ACCESS_KEY =
            new Setting(
                    "S3_ACCESS_KEY",
                    ObjectStoreSettings.DEFAULT_ACCESS_KEY,
                    "access key of every layer and of the local store");
    public static final Setting S3_SECRET_KEY =
            new Setting(
                    "S3_SECRET_KEY",
                    ObjectStoreSettings.DEFAULT_SECRET_KEY,
                    "secret key of every layer and of the local store");

    /** Cluster mode's Kafka nodes: node i on the first port + 2(i-1), its controller after it. */
    public static final int CLUSTER_KAFKA_NODES = 3;

    public static final Setting KAFKA_BOOTSTRAP_SERVERS =
            new Setting(
                    "KAFKA_BOOTSTRAP_SERVERS",
                    KafkaSettings.DEFAULT_BOOTSTRAP_SERVERS,
                    clusterBootstrap(KafkaSettings.DEFAULT_BOOTSTRAP_SERVERS),
                    "Kafka; the local broker (nodes) listen on its port(s)");

    public static final Setting SERVER_PORT =
            new Setting(
                    "SERVER_PORT", "8080", "the serving layer (cluster mode: its first instance)");
    public static final Setting CLUSTER_SERVING_PORT_2 =
            new Setting("CLUSTER_SERVING_PORT_2", "8090", "cluster mode's second serving instance");
    public static final Setting SERVING_JAVA_OPTS =
            new Setting("SERVING_JAVA_OPTS", "-Xms512m -Xmx1g", "JVM flags of a serving instance");
    public static final Setting SERVING_READY_TIMEOUT =
            new Setting(
                    "SERVING_READY_TIMEOUT",
                    "180",
                    "seconds a serving instance may take to be ready");
    public static final Setting SECURITY_MODE =
            new Setting(
                    "SECURITY_MODE",
                    "open",
                    "jwt",
                    "serving: who may act as a listener (open, jwt)");

    public static final Setting SPEED_JAVA_OPTS =
            new Setting(
                    "SPEED_JAVA_OPTS", "-Xmx1g", "-Xmx512m", "JVM flags of the speed job (client)");

    /**
     * The speed job's Prometheus endpoint (Flink's own metrics) on 127.0.0.1: a port or a range of
     * which the first free port is taken, one per JVM (the embedded job; in cluster mode the
     * JobManager and each TaskManager); off: none. Read by the job (SpeedSettings) and by cluster
     * mode's Flink configuration.
     */
    public static final Setting SPEED_METRICS_PORT =
            new Setting("SPEED_METRICS_PORT", "9249-9259", "the speed job's Prometheus endpoints");

    /**
     * The job's own default is 1 (SpeedSettings); cluster mode gives it one subtask a partition.
     */
    public static final Setting FLINK_PARALLELISM =
            new Setting("FLINK_PARALLELISM", "1", "3", "parallelism of the speed job");

    public static final Setting BATCH_JAVA_OPTS =
            new Setting("BATCH_JAVA_OPTS", "-Xmx3g", "JVM flags of the batch job's driver");
    public static final Setting BATCH_CDS =
            new Setting("BATCH_CDS", "1", "1: the batch JVM maps an AppCDS archive of its classes");
    public static final Setting SPARK_LOCAL_IP =
            new Setting("SPARK_LOCAL_IP", "127.0.0.1", "the address Spark's processes bind");

    public static final Setting CLUSTER_SPARK_MASTER_PORT =
            new Setting("CLUSTER_SPARK_MASTER_PORT", "7077", "the Spark master (cluster mode)");
    public static final Setting CLUSTER_SPARK_UI_PORT =
            new Setting("CLUSTER_SPARK_UI_PORT", "8088", "the Spark master's web UI and /json");

    /** Spark worker i (1-based) listens on 7077 + i, its web UI on 8081 + i. */
    public static final int SPARK_WORKER_FIRST_PORT = 7078;

    public static final int SPARK_WORKER_FIRST_UI_PORT = 8082;
    public static final int CLUSTER_SPARK_WORKERS = 2;
    public static final Setting CLUSTER_SPARK_WORKER_CORES =
            new Setting("CLUSTER_SPARK_WORKER_CORES", "1", "cores a Spark worker offers");
    public static final Setting CLUSTER_SPARK_WORKER_MEMORY =
            new Setting("CLUSTER_SPARK_WORKER_MEMORY", "1536m", "memory a Spark worker offers");
    public static final Setting CLUSTER_SPARK_DAEMON_OPTS =
            new Setting(
                    "CLUSTER_SPARK_DAEMON_OPTS",
                    "-Xmx512m",
                    "JVM flags of the Spark master, workers");

    public static final Setting CLUSTER_FLINK_REST_PORT =
            new Setting("CLUSTER_FLINK_REST_PORT", "8081", "the Flink JobManager's REST endpoint");
    public static final int FLINK_RPC_PORT = 6123;
    public static final int CLUSTER_FLINK_TASKMANAGERS = 2;
    public static final Setting CLUSTER_FLINK_SLOTS =
            new Setting("CLUSTER_FLINK_SLOTS", "2", "slots (and cores) of a Flink TaskManager");
    public static final Setting FLINK_TASKMANAGER_TASK_HEAP =
            new Setting(
                    "FLINK_TASKMANAGER_TASK_HEAP",
                    "512m",
                    "task heap of a Flink TaskManager (the other memory components are fixed)");
    public static final Setting CLUSTER_FLINK_JM_OPTS =
            new Setting(
                    "CLUSTER_FLINK_JM_OPTS", "-Xms512m -Xmx768m", "JVM flags of the JobManager");

    /** Every setting, in the order {@code ./pipeline config} lists them. */
    public static final List<Setting> ALL =
            List.of(
                    PIPELINE_MODE,
                    PIPELINE_DATA,
                    PIPELINE_DATASET,
                    PIPELINE_SAMPLE,
                    S3_ENDPOINT,
                    S3_BUCKET,
                    S3_REGION,
                    S3_ACCESS_KEY,
                    S3_SECRET_KEY,
                    KAFKA_BOOTSTRAP_SERVERS,
                    SERVER_PORT,
                    CLUSTER_SERVING_PORT_2,
                    SERVING_JAVA_OPTS,
                    SERVING_READY_TIMEOUT,
                    SECURITY_MODE,
                    SPEED_JAVA_OPTS,
                    SPEED_METRICS_PORT,
                    FLINK_PARALLELISM,
                    BATCH_JAVA_OPTS,
                    BATCH_CDS,
                    SPARK_LOCAL_IP,
                    CLUSTER_SPARK_MASTER_PORT,
                    CLUSTER_SPARK_UI_PORT,
                    CLUSTER_SPARK_WORKER_CORES,
                    CLUSTER_SPARK_WORKER_MEMORY,
                    CLUSTER_SPARK_DAEMON_OPTS,
                    CLUSTER_FLINK_REST_PORT,
                    CLUSTER_FLINK_SLOTS,
                    FLINK_TASKMANAGER_TASK_HEAP,
                    CLUSTER_FLINK_JM_OPTS);

    /** The client ports of cluster mode's nodes: 9092,9094,9096 from 127.0.0.1:9092. */
    static String clusterBootstrap(String single) {
        String host = single.substring(0, single.lastIndexOf(':'));
        int first = Integer.parseInt(single.substring(single.lastIndexOf(':') + 1));
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < CLUSTER_KAFKA_NODES; i++) {
            nodes.append(i == 0 ? "" : ",").append(host).append(':').append(first + 2 * i);
        }
        return nodes.toString();
    }
}
