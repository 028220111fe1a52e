package org.shuyu.controller.adapter.notification;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.config.NotificationProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The notice outbox's deliverer (docs/notifications.md) with the channels the settings ask for: the webhook when
 * {@code sandbox.notifications.webhook-url} is set (its secret from the environment; the controller refuses to start
 * without one), mail when {@code sandbox.notifications.mail-from} is set and a mail sender is configured. Always
 * present: with no channel it settles every notice as NONE (inbox only). Gauges {@code shuyu.notifications.pending}
 * and {@code .failed}.
 */
@Configuration(proxyBeanMethods = false)
public class NotificationDeliveryConfiguration {
    private static final Logger log = LoggerFactory.getLogger(NotificationDeliveryConfiguration.class);
    static final int MIN_SECRET = 16;

    @Bean
    NotificationOutbox notificationOutbox(JdbcClient jdbc) {
        return new NotificationOutbox(jdbc);
    }

    @Bean
    NotificationDeliverer notificationDeliverer(NotificationProperties properties, SandboxProperties sandbox,
            NotificationOutbox outbox, Clock clock, Environment environment, ObjectProvider<JavaMailSender> mail) {
        Optional<String> secret = Optional.ofNullable(environment.getProperty(properties.webhookSecretEnv()))
                .map(String::strip).filter(s -> s.length() >= MIN_SECRET);
        List<String> problems = properties.problems(sandbox.mode(), secret);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start: " + String.join("; ", problems));
        }
        List<NoticeChannel> channels = new ArrayList<>();
        properties.webhook().ifPresent(uri -> channels.add(new WebhookChannel(uri, secret.orElseThrow(), properties.webhookTimeout())));
        properties.mailSender().ifPresent(from -> {
            JavaMailSender sender = mail.getIfAvailable();
            if (sender == null) {
                throw new IllegalStateException("Refusing to start: sandbox.notifications.mail-from is set but no mail sender"
                        + " is configured (spring.mail.host)");
            }
            channels.add(new MailChannel(sender, from, properties.mailUsers(), properties.mailRoles()));
        });
        log.info("Notices are delivered {}", channels.isEmpty() ? "nowhere outside the inbox (no webhook, no mail configured)"
                : "by " + channels);
        return new NotificationDeliverer(outbox, channels, clock, properties.batchSize(), properties.maxAttempts(),
                properties.retryInitial(), properties.retryMax());
    }

    /** Gauges {@code shuyu.notifications.pending} and {@code .failed}, read from the table when scraped. */
    @Bean
    MeterBinder notificationMetrics(ObjectProvider<NotificationOutbox> outbox) {
        return registry -> {
            Gauge.builder("shuyu.notifications.pending", outbox, o -> o.getObject().count(NotificationOutbox.State.PENDING))
                    .description("Notices waiting for delivery by webhook or mail").register(registry);
            Gauge.builder("shuyu.notifications.failed", outbox, o -> o.getObject().count(NotificationOutbox.State.FAILED))
                    .description("Notices whose delivery failed for good").register(registry);
        };
    }
}
