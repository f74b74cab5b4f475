package org.lambdamusic.localstack.pipeline;

import java.io.PrintStream;
import java.time.Duration;
import org.lambdamusic.contracts.deploy.StackDefaults;
import org.lambdamusic.localstack.supervisor.ProcessStatus;

/**
 * The default mode: the object store, one Kafka broker, a first model when none is served, the
 * speed job on a Flink local cluster, one serving instance; each started only when missing.
 */
final class EmbeddedMode implements StackMode {
    private final Pipeline pipeline;
    private final Infrastructure infrastructure;
    private final SpeedJob speed;
    private final Serving serving;

    EmbeddedMode(Pipeline pipeline) {
        this.pipeline = pipeline;
        this.infrastructure = new Infrastructure(pipeline);
        this.speed = new SpeedJob(pipeline);
        this.serving = new Serving(pipeline);
    }

    @Override
    public void up() {
        long started = System.nanoTime();
        infrastructure.objectStoreUp();
        infrastructure.kafkaUp();
        new BatchRun(pipeline).firstModel(null);
        speed.up();
        serving.up();
        pipeline.say("pipeline up in " + (System.nanoTime() - started) / 1_000_000_000 + "s");
        status();
    }

    @Override
    public void down() {
        stop(Serving.NAME, 30);
        speed.down();
        // A retrain loop left running by an older checkout (retraining now lives in serving).
        stop("retrain", 5);
        stop(Infrastructure.KAFKA, 30);
        stop(Infrastructure.S3, 10);
    }

    private void stop(String name, int graceSeconds) {
        if (pipeline.supervisor().stop(name, Duration.ofSeconds(graceSeconds))) {
            pipeline.say("stopped " + name);
        }
    }

    @Override
    public void status() {
        PrintStream out = pipeline.progress().out();
        var store = pipeline.store();
        out.println("pipeline status (data under " + pipeline.dataDir() + "):");
        line(out, Infrastructure.S3, store.endpoint() + " bucket " + store.bucket());
        line(out, Infrastructure.KAFKA, pipeline.env().get("KAFKA_BOOTSTRAP_SERVERS"));
        line(
                out,
                SpeedJob.NAME,
                "Flink job, state "
                        + speed.state()
                        + ", log "
                        + pipeline.supervisor().logOf(SpeedJob.NAME));
        line(
                out,
                Serving.NAME,
                "http://localhost:"
                        + pipeline.port(StackDefaults.SERVER_PORT)
                        + "/ log "
                        + pipeline.supervisor().logOf(Serving.NAME));
        out.println("inspect the models:");
        out.println(
                "  AWS_ACCESS_KEY_ID="
                        + store.accessKey()
                        + " AWS_SECRET_ACCESS_KEY="
                        + store.secretKey()
                        + " aws --region "
                        + store.region()
                        + " --endpoint-url "
                        + store.endpoint()
                        + " s3 ls --recursive s3://"
                        + store.bucket()
                        + "/models/");
    }

    private void line(PrintStream out, String name, String detail) {
        out.println(statusLine(pipeline.supervisor().status(name), 9, detail));
    }

    static String statusLine(ProcessStatus status, int width, String detail) {
        return status.running()
                ? String.format(
                        "  %-" + width + "s running  pid %-7s %s",
                        status.name(),
                        status.pid().getAsLong(),
                        detail)
                : String.format("  %-" + width + "s stopped", status.name());
    }

    @Override
    public void resetSpeed() {
        speed.deleteState();
        speed.up();
        speed.reportStart();
    }
}
