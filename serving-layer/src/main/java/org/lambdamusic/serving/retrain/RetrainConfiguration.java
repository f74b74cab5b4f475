package org.lambdamusic.serving.retrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import org.lambdamusic.serving.model.ConditionalObjects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The lease of this instance: who it says holds it, and its timing. */
@Configuration(proxyBeanMethods = false)
public class RetrainConfiguration {

    @Bean
    public RetrainLease retrainLease(
            ConditionalObjects objects, ObjectMapper json, RetrainProperties properties) {
        return new RetrainLease(
                objects, json, instanceName(), properties.leaseTtl(), Clock.systemUTC());
    }

    @Bean
    public RunJournal retrainRunJournal(ConditionalObjects objects, ObjectMapper json) {
        return new RunJournal(objects, json);
    }

    /** host/pid/random: tells instances apart in the lease and in a 409, also two in one JVM. */
    static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host
                + "/"
                + ProcessHandle.current().pid()
                + "/"
                + String.format("%04x", new SecureRandom().nextInt(1 << 16));
    }
}
