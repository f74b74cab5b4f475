package org.lambdamusic.localstack.pipeline;

/** {@code ./pipeline up|down|status|reset speed} of one mode. */
interface StackMode {
    void up();

    void down();

    void status();

    /** Stops the speed job, deletes its state and starts it again from the served watermark. */
    void resetSpeed();

    static StackMode of(Pipeline pipeline) {
        return pipeline.cluster() ? new ClusterMode(pipeline) : new EmbeddedMode(pipeline);
    }
}
