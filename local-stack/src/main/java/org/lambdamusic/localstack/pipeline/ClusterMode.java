package org.lambdamusic.localstack.pipeline;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.lambdamusic.contracts.deploy.StackDefaults;

/**
 * {@code PIPELINE_MODE=cluster}: the same system on real clusters on this host, every port on
 * 127.0.0.1: three KRaft nodes, Spark standalone (master and two workers), a Flink session cluster
 * (JobManager and two TaskManagers), the speed job submitted to it, two serving instances
 * retraining on the Spark master, the object store as in the default. {@code up} on a running
 * cluster starts only what is missing (a killed Kafka node on its own data, a worker, a
 * TaskManager, a serving instance): the fault tests bring a killed process back that way.
 */
final class ClusterMode implements StackMode {
    private final Pipeline pipeline;
    private final Infrastructure infrastructure;
    private final SparkStandalone spark;
    private final FlinkSession flink;
    private final SpeedJob speed;
    private final Serving serving;

    ClusterMode(Pipeline pipeline) {
        this.pipeline = pipeline;
        this.infrastructure = new Infrastructure(pipeline);
        this.spark = new SparkStandalone(pipeline);
        this.flink = new FlinkSession(pipeline);
        this.speed = new SpeedJob(pipeline);
        this.serving = new Serving(pipeline);
    }

    @Override
    public void up() {
        long started = System.nanoTime();
        pipeline.say("cluster mode: data under " + pipeline.dataDir());
        infrastructure.objectStoreUp();
        infrastructure.kafkaClusterUp();
        spark.up();
        flink.up();
        new BatchRun(pipeline).firstModel(spark.masterUrl());
        speedUp();
        serving.upCluster(spark.masterUrl());
        pipeline.say(
                "cluster pipeline up in " + (System.nanoTime() - started) / 1_000_000_000 + "s");
        status();
    }

    private void speedUp() {
        if (!pipeline.supervisor().isRunning(SpeedJob.NAME)) {
            flink.cancelStraySpeedJobs();
        }
        speed.upOnSessionCluster("127.0.0.1:" + flink.restPort());
        pipeline.say(
                "speed job on the session cluster: "
                        + flink.runningJob()
                        + " (parallelism "
                        + pipeline.setting(StackDefaults.FLINK_PARALLELISM)
                        + ")");
    }

    @Override
    public void down() {
        stopAll(30, serving.instances());
        // The speed client stops its job with a savepoint, so it goes before the session cluster.
        speed.down();
        List<String> flinkProcesses = new ArrayList<>(FlinkSession.taskManagers());
        flinkProcesses.add(FlinkSession.JOBMANAGER);
        stopAll(30, flinkProcesses);
        List<String> sparkProcesses = new ArrayList<>(SparkStandalone.workers());
        sparkProcesses.add(SparkStandalone.MASTER);
        stopAll(20, sparkProcesses);
        // All nodes at once: stopped one by one, the last would wait for a quorum that is gone.
        stopAll(30, Infrastructure.kafkaNodes());
        stopAll(10, List.of(Infrastructure.S3));
    }

    /** Stops a group at once; says which of them ran. */
    void stopAll(int graceSeconds, List<String> names) {
        List<String> stopped =
                pipeline.supervisor().stopAll(Duration.ofSeconds(graceSeconds), names);
        if (!stopped.isEmpty()) {
            pipeline.say("stopped " + String.join(" ", stopped));
        }
    }

    @Override
    public void status() {
        PrintStream out = pipeline.progress().out();
        var store = pipeline.store();
        out.println("pipeline status, cluster mode (data under " + pipeline.dataDir() + "):");
        line(out, Infrastructure.S3, store.endpoint() + " bucket " + store.bucket());
        int firstPort = infrastructure.firstPort();
        List<String> nodes = Infrastructure.kafkaNodes();
        for (int i = 0; i < nodes.size(); i++) {
            line(
                    out,
                    nodes.get(i),
                    "KRaft broker+controller 127.0.0.1:"
                            + (firstPort + 2 * i)
                            + " controller :"
                            + (firstPort + 2 * i + 1)
                            + ", log "
                            + pipeline.supervisor().logOf(nodes.get(i)));
        }
        line(
                out,
                SparkStandalone.MASTER,
                spark.masterUrl() + ", web UI and /json http://127.0.0.1:" + spark.uiPort());
        List<String> workers = SparkStandalone.workers();
        for (int i = 1; i <= workers.size(); i++) {
            line(
                    out,
                    workers.get(i - 1),
                    "127.0.0.1:"
                            + SparkStandalone.workerPort(i)
                            + ", web UI :"
                            + SparkStandalone.workerUiPort(i)
                            + ", work dir "
                            + pipeline.dataDir().resolve("spark/" + workers.get(i - 1)));
        }
        line(
                out,
                FlinkSession.JOBMANAGER,
                "REST "
                        + flink.rest()
                        + ", RPC :"
                        + StackDefaults.FLINK_RPC_PORT
                        + ", config "
                        + flink.configDir());
        for (String tm : FlinkSession.taskManagers()) {
            line(
                    out,
                    tm,
                    pipeline.setting(StackDefaults.CLUSTER_FLINK_SLOTS)
                            + " slots, ports on 127.0.0.1");
        }
        line(
                out,
                SpeedJob.NAME,
                "client of the speed-layer job on the session cluster, checkpoints "
                        + speed.state()
                        + ", log "
                        + pipeline.supervisor().logOf(SpeedJob.NAME));
        List<Integer> ports =
                List.of(
                        pipeline.port(StackDefaults.SERVER_PORT),
                        pipeline.port(StackDefaults.CLUSTER_SERVING_PORT_2));
        for (int i = 0; i < ports.size(); i++) {
            String name = Serving.clusterInstance(i);
            line(
                    out,
                    name,
                    "http://localhost:"
                            + ports.get(i)
                            + "/ log "
                            + pipeline.supervisor().logOf(name));
        }
        String sparkSummary = spark.summary();
        if (!sparkSummary.isEmpty()) {
            out.println(sparkSummary);
        }
        flink.jobLines().forEach(out::println);
    }

    private void line(PrintStream out, String name, String detail) {
        out.println(EmbeddedMode.statusLine(pipeline.supervisor().status(name), 20, detail));
    }

    @Override
    public void resetSpeed() {
        speed.deleteState();
        speedUp();
        speed.reportStart();
    }
}
