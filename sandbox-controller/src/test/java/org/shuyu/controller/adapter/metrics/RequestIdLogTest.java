package org.shuyu.controller.adapter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.adapter.web.RequestIdFilter;
import org.shuyu.controller.job.LogContext;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON logs with request and job ids (issue 19): a line logged while a request is handled, encoded by Spring Boot's
 * structured encoder in the ECS format the production profile switches on, parses as JSON and carries the request's
 * id; a line logged inside a run's scope carries its job and workspace ids; nothing is left in the context after.
 */
class RequestIdLogTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aRequestsLogLineIsJsonWithItsRequestIdAndARunsLineHasItsJob() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.putObject(Environment.class.getName(), new MockEnvironment().withProperty("spring.application.name", "shuyu-controller"));
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat("ecs");
        encoder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Logger logger = context.getLogger("shuyu.test.request-id");
        logger.addAppender(appender);
        logger.setAdditive(false);
        try {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/datasets");
            request.addHeader(RequestIdFilter.HEADER, "req-json-4711");
            MockHttpServletResponse response = new MockHttpServletResponse();
            new RequestIdFilter().doFilter(request, response, new MockFilterChain() {
                @Override
                public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
                    logger.info("handling the request");
                    LogContext.inRun("job-42", "ws-7", () -> logger.info("handling a run"));
                    logger.info("after the run");
                }
            });
            logger.info("after the request");
            assertThat(response.getHeader(RequestIdFilter.HEADER)).isEqualTo("req-json-4711");
            assertThat(MDC.get(LogContext.REQUEST_ID)).isNull();
        } finally {
            logger.detachAppender(appender);
            appender.stop();
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line)); // each line is one JSON object
            }
        }
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).path("message").asString()).isEqualTo("handling the request");
        assertThat(lines.get(0).path(LogContext.REQUEST_ID).asString()).isEqualTo("req-json-4711");
        assertThat(lines.get(1).path(LogContext.JOB_ID).asString()).isEqualTo("job-42");
        assertThat(lines.get(1).path(LogContext.WORKSPACE_ID).asString()).isEqualTo("ws-7");
        assertThat(lines.get(1).path(LogContext.REQUEST_ID).asString()).isEqualTo("req-json-4711");
        assertThat(lines.get(2).has(LogContext.JOB_ID)).as("the run's scope restores the context").isFalse();
        assertThat(lines.get(3).has(LogContext.REQUEST_ID)).as("nothing left after the request").isFalse();
    }
}
