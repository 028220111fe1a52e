package org.shuyu.controller.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.catalina.Container;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.shuyu.controller.error.ErrorCategory;
import org.shuyu.controller.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refusals made before Spring MVC routes a request answer problem+json with a code and are audited like every
 * other refusal: Spring Security's firewall ({@code ;}, {@code %2F}, {@code %5C}, {@code //}, {@code %25} or control
 * characters in a path: {@code MALFORMED_REQUEST}), and Tomcat itself (an encoded separator it rejects, a malformed
 * URI or query, headers too large), whose HTML error page is replaced by {@link ProblemValve}.
 */
@Configuration(proxyBeanMethods = false)
class EdgeRefusals {
    private static final Logger log = LoggerFactory.getLogger(EdgeRefusals.class);

    @Bean
    RequestRejectedHandler requestRejectedHandler(RefusalAuditor auditor, JsonMapper json) {
        return (HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) -> {
            String detail = "the request path or headers are not accepted: " + e.getMessage();
            auditor.refused(request, ErrorCode.MALFORMED_REQUEST, detail, Optional.empty());
            write(response, json, Problems.of(ErrorCode.MALFORMED_REQUEST, "the request path or headers are not accepted",
                    Problems.safeInstance(request.getRequestURI())));
        };
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorValve(ObjectProvider<RefusalAuditor> auditor, JsonMapper json) {
        return factory -> factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            if (parent instanceof StandardHost host) {
                // The host adds an error report valve of this class only if none is in its pipeline: ours is.
                host.setErrorReportValveClass(ProblemValve.class.getName());
                host.getPipeline().addValve(new ProblemValve(auditor, json));
            }
        });
    }

    static void write(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }

    /** Tomcat's error report as problem+json: a status Tomcat set without the application answering. */
    public static final class ProblemValve extends ErrorReportValve {
        private final ObjectProvider<RefusalAuditor> auditor;
        private final JsonMapper json;

        /** Tomcat's reflective constructor; never used, since the host finds the configured instance. */
        public ProblemValve() {
            this(null, JsonMapper.builder().build());
        }

        ProblemValve(ObjectProvider<RefusalAuditor> auditor, JsonMapper json) {
            this.auditor = auditor;
            this.json = json;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            if (status == 501) {
                // Tomcat answers a method it does not implement (CONNECT) with 501: the client's request is at fault.
                status = 405;
                response.setStatus(status);
            }
            ErrorCode code = Problems.codeFor(status);
            String uri = Optional.ofNullable(request.getDecodedRequestURIMB()).map(Object::toString)
                    .orElseGet(() -> Optional.ofNullable(request.getCoyoteRequest().requestURI().toString()).orElse(""));
            String detail = code.category() == ErrorCategory.INTERNAL
                    ? "internal error; the platform has logged it"
                    : "the request was refused before routing (" + status + ")";
            if (code.category() != ErrorCategory.INTERNAL && auditor != null) {
                RefusalAuditor refusals = auditor.getIfAvailable();
                if (refusals != null) {
                    refusals.refused(request, uri, code, detail, Optional.empty());
                }
            }
            try {
                ProblemDetail problem = Problems.of(code, detail, Problems.safeInstance(uri));
                problem.setStatus(status);
                byte[] body = json.writeValueAsBytes(problem);
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.getOutputStream().write(body);
                response.finishResponse();
            } catch (IOException | RuntimeException e) {
                log.debug("could not write the problem of a refused request", e);
            }
        }
    }
}
