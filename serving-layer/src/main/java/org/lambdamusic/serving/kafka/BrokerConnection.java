package org.lambdamusic.serving.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Watches whether Kafka is reachable, the way the earlier system did: while disconnected it checks
 * up to {@code connectMaxRetries} times {@code connectRetryDelay} apart, then cools down for {@code
 * cooldown}, and starts over, forever; while connected it checks every {@code probeInterval}. The
 * Kafka clients reconnect on their own; this state is what lets POST /api/interact answer 503 at
 * once instead of blocking, and what health and /api/stats report.
 */
@Component
public class BrokerConnection implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);

    private final KafkaProperties properties;
    private final String bootstrapServers;
    private final Object signal = new Object();
    private volatile boolean running;
    private volatile boolean connected;
    private volatile boolean inCooldown;
    private volatile int retryCount;
    private boolean wakeRequested;
    private Admin admin;
    private Thread thread;

    private final KafkaClients clients;

    public BrokerConnection(KafkaClients clients) {
        this.clients = clients;
        this.properties = clients.properties();
        this.bootstrapServers = clients.bootstrapServers();
    }

    public BrokerStatus status() {
        return new BrokerStatus(connected, inCooldown, retryCount);
    }

    public boolean isConnected() {
        return connected;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A client saw the broker fail: stop accepting at once and check again now. */
    public void reportFailure(Throwable cause) {
        if (connected) {
            log.warn(
                    "kafka failure reported bootstrap={} cause=\"{}\"",
                    bootstrapServers,
                    cause.toString());
            connected = false;
        }
        synchronized (signal) {
            wakeRequested = true;
            signal.notifyAll();
        }
    }

    @Override
    public void start() {
        admin = clients.admin("probe");
        running = true;
        thread = new Thread(this::watch, "kafka-connection");
        thread.setDaemon(true);
        thread.start();
        log.info(
                "kafka connection check started bootstrap={} max_retries={} retry_delay={} cooldown={}",
                bootstrapServers,
                properties.connectMaxRetries(),
                properties.connectRetryDelay(),
                properties.cooldown());
    }

    @Override
    public void stop() {
        running = false;
        synchronized (signal) {
            wakeRequested = true;
            signal.notifyAll();
        }
        try {
            thread.join(properties.probeTimeout().toMillis() + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(2));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void watch() {
        while (running) {
            if (probe()) {
                if (!connected) {
                    log.info(
                            "kafka connected bootstrap={} after_failed_checks={}",
                            bootstrapServers,
                            retryCount);
                }
                connected = true;
                retryCount = 0;
                pause(properties.probeInterval(), true);
                continue;
            }
            if (!running) {
                return;
            }
            if (connected) {
                log.warn("kafka connection lost bootstrap={}", bootstrapServers);
            }
            connected = false;
            retryCount++;
            if (retryCount >= properties.connectMaxRetries()) {
                log.warn(
                        "kafka unreachable bootstrap={} failed_checks={}; cooling down for {}",
                        bootstrapServers,
                        retryCount,
                        properties.cooldown());
                inCooldown = true;
                pause(properties.cooldown(), false);
                inCooldown = false;
                retryCount = 0;
            } else {
                log.info(
                        "kafka connect check {}/{} failed bootstrap={}; retrying in {}",
                        retryCount,
                        properties.connectMaxRetries(),
                        bootstrapServers,
                        properties.connectRetryDelay());
                pause(properties.connectRetryDelay(), false);
            }
        }
    }

    private boolean probe() {
        long timeoutMs = properties.probeTimeout().toMillis();
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs))
                    .nodes()
                    .get(timeoutMs + 1000, TimeUnit.MILLISECONDS)
                    .isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    /** Waits, returning early on shutdown, or on a reported failure when {@code wakeable}. */
    private void pause(Duration duration, boolean wakeable) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (signal) {
            wakeRequested = false;
            while (running) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (wakeable && wakeRequested)) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                    return;
                }
            }
        }
    }
}
