package org.lambdamusic.serving.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link ProblemReportValve} in place of the host's HTML error report valve, so that the
 * requests Tomcat refuses before the application sees them get problem+json too.
 */
@Configuration(proxyBeanMethods = false)
public class TomcatProblems {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve(
            ObjectMapper json) {
        return new Customizer(json);
    }

    /**
     * Runs after Boot's own Tomcat customizer, whose context customizer adds a plain
     * ErrorReportValve to the host (server.error.include-stacktrace=never); this one's runs later
     * and replaces it. The host's error report class is set to the problem valve's, so the host
     * does not add Tomcat's default one when it starts.
     */
    static final class Customizer
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        private final ObjectMapper json;

        Customizer(ObjectMapper json) {
            this.json = json;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> install(context.getParent()));
        }

        private void install(Container parent) {
            if (!(parent instanceof StandardHost host)) {
                return;
            }
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            host.setErrorReportValveClass(ProblemReportValve.class.getName());
            pipeline.addValve(new ProblemReportValve(json));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
