package org.shuyu.controller.adapter.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.shuyu.controller.adapter.persistence.JdbcInboxStore;
import org.shuyu.controller.adapter.persistence.JdbcNotifications;
import org.shuyu.controller.config.NotificationProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.notification.Notice;
import org.shuyu.controller.notification.Recipient;
import org.shuyu.controller.support.MutableClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notice outbox on a fresh H2 database (the controller's migrations, as embedded mode runs them) against a local
 * webhook receiver and a local SMTP receiver (docs/notifications.md): a 2xx delivers with a signature the receiver can
 * verify, a failing receiver is retried with exponential back-off until FAILED with an error free of data, an
 * unreachable one ends the pass, mail goes to the configured addresses, and with nothing configured a notice is NONE.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationDeliveryTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET = "test-webhook-secret-0123456789";
    private static final Duration INITIAL = Duration.ofSeconds(30);
    private final MutableClock clock = new MutableClock();
    private HikariDataSource dataSource;
    private JdbcClient jdbc;
    private JdbcNotifications notifications;
    private NotificationOutbox outbox;
    private HttpServer server;
    private URI webhook;
    private final ConcurrentLinkedQueue<Map<String, String>> received = new ConcurrentLinkedQueue<>();
    /** What the receiver answers next (one per request); 204 once empty. */
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();

    @BeforeAll
    void setUp() throws IOException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:notification_delivery;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(2);
        dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/vendor/h2").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        notifications = new JdbcNotifications(jdbc, clock);
        outbox = new NotificationOutbox(jdbc);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks/shuyu", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                received.add(Map.of("body", body,
                        "signature", String.valueOf(exchange.getRequestHeaders().getFirst("X-Shuyu-Signature")),
                        "id", String.valueOf(exchange.getRequestHeaders().getFirst("X-Shuyu-Notification-Id"))));
            }
            Integer status = answers.poll();
            exchange.sendResponseHeaders(status == null ? 204 : status, -1);
            exchange.close();
        });
        server.start();
        webhook = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/shuyu");
    }

    @AfterAll
    void tearDown() {
        server.stop(0);
        dataSource.close();
    }

    @BeforeEach
    void clean() {
        received.clear();
        answers.clear();
        clock.reset();
        // Rows of earlier tests must not be taken by this test's deliverer.
        jdbc.sql("UPDATE notifications SET delivery_state = 'NONE' WHERE delivery_state = 'PENDING'").update();
    }

    private NotificationDeliverer deliverer(int maxAttempts, NoticeChannel... channels) {
        return new NotificationDeliverer(outbox, List.of(channels), clock, 50, maxAttempts, INITIAL, Duration.ofMinutes(10));
    }

    private WebhookChannel webhook(URI uri) {
        return new WebhookChannel(uri, SECRET, Duration.ofSeconds(5));
    }

    private long send(Notice notice) {
        notifications.send(notice);
        return jdbc.sql("SELECT max(id) FROM notifications").query(Long.class).single();
    }

    private Map<String, Object> row(long id) {
        return jdbc.sql("SELECT delivery_state, delivery_attempts, next_attempt_at, delivered_at, last_error FROM notifications WHERE id = ?")
                .param(id).query().singleRow();
    }

    /** What a receiver does: HMAC-SHA256 of the raw body under the shared secret, compared with the header. */
    private static String expectedSignature(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aNoticeIsPostedSignedWithItsIdAndMarkedDelivered() throws Exception {
        Instant due = Instant.parse("2027-01-15T00:00:00Z");
        long id = send(Notice.of("product.returned", Recipient.role(Role.EXPERT, Jurisdiction.MUNICIPAL), "product", "P-7",
                "Product P-7 was returned for revision").due(due));

        NotificationDeliverer.Pass pass = deliverer(3, webhook(webhook)).deliver();

        assertThat(pass.delivered()).isEqualTo(1);
        assertThat(received).hasSize(1);
        Map<String, String> request = received.peek();
        assertThat(request.get("signature")).isEqualTo(expectedSignature(request.get("body")));
        assertThat(request.get("id")).isEqualTo(Long.toString(id));
        JsonNode body = JSON.readTree(request.get("body"));
        assertThat(body.path("id").asLong()).isEqualTo(id);
        assertThat(body.path("kind").asString()).isEqualTo("product.returned");
        assertThat(body.path("subject").path("type").asString()).isEqualTo("product");
        assertThat(body.path("subject").path("id").asString()).isEqualTo("P-7");
        assertThat(body.path("summary").asString()).isEqualTo("Product P-7 was returned for revision");
        assertThat(body.path("due").asString()).isEqualTo(due.toString());
        assertThat(body.path("recipient").path("type").asString()).isEqualTo("role");
        assertThat(body.path("recipient").path("role").asString()).isEqualTo("EXPERT");
        assertThat(body.path("recipient").path("jurisdiction").asString()).isEqualTo("330200");
        Map<String, Object> row = row(id);
        assertThat(row.get("delivery_state")).isEqualTo("DELIVERED");
        assertThat(row.get("delivered_at")).isNotNull();
        assertThat(row.get("delivery_attempts")).isEqualTo(1);
        assertThat(WebhookChannel.signature(SECRET.getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8)))
                .as("a body changed in transit does not verify").isNotEqualTo(request.get("signature"));

        assertThat(deliverer(3, webhook(webhook)).deliver().delivered()).as("a delivered notice is not sent again").isZero();
    }

    @Test
    void aFailingReceiverIsRetriedWithExponentialBackOffThenTheNoticeFails() {
        long id = send(Notice.of("quality.due", Recipient.user("provider"), "quality-request", "QR-1", "Quality request QR-1 is due"));
        NotificationDeliverer deliverer = deliverer(3, webhook(webhook));
        answers.add(500);
        answers.add(502);
        answers.add(503);

        Instant first = clock.instant();
        assertThat(deliverer.deliver().retried()).isEqualTo(1);
        Map<String, Object> row = row(id);
        assertThat(row.get("delivery_state")).isEqualTo("PENDING");
        assertThat(row.get("delivery_attempts")).isEqualTo(1);
        assertThat(row.get("last_error")).isEqualTo("webhook answered HTTP 500");
        assertThat(instant(row.get("next_attempt_at"))).isBetween(first.plus(INITIAL), clock.instant().plus(INITIAL));

        assertThat(deliverer.deliver().retried()).as("not due yet: not tried").isZero();
        assertThat(received).hasSize(1);

        clock.advance(INITIAL);
        Instant second = clock.instant();
        assertThat(deliverer.deliver().retried()).isEqualTo(1);
        assertThat(instant(row(id).get("next_attempt_at"))).as("the wait doubles")
                .isBetween(second.plus(INITIAL.multipliedBy(2)), clock.instant().plus(INITIAL.multipliedBy(2)));
        clock.advance(INITIAL);
        assertThat(deliverer.deliver().retried()).as("still waiting").isZero();

        clock.advance(INITIAL);
        assertThat(deliverer.deliver().failed()).isEqualTo(1);
        row = row(id);
        assertThat(row.get("delivery_state")).isEqualTo("FAILED");
        assertThat(row.get("delivery_attempts")).isEqualTo(3);
        assertThat(row.get("last_error")).isEqualTo("webhook answered HTTP 503");
        assertThat(received).hasSize(3);
        clock.advance(Duration.ofHours(1));
        assertThat(deliverer.deliver()).isEqualTo(new NotificationDeliverer.Pass(0, 0, 0, 0));
    }

    @Test
    void aRetryStampedByAClockThatSteppedBackIsNotHeldUp() {
        long id = send(Notice.of("quality.due", Recipient.user("provider"), "quality-request", "QR-2", "Quality request QR-2 is due"));
        NotificationDeliverer deliverer = deliverer(3, webhook(webhook));
        answers.add(503);
        clock.advance(Duration.ofDays(31)); // the wall clock runs a month ahead when the first attempt fails
        assertThat(deliverer.deliver().retried()).isEqualTo(1);
        clock.reset(); // and is corrected: the retry, stamped a month ahead, must not wait a month
        assertThat(deliverer.deliver().delivered()).isEqualTo(1);
        assertThat(row(id).get("delivery_state")).isEqualTo("DELIVERED");
    }

    @Test
    void anUnreachableReceiverEndsThePassAndTheNoticesWait() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        long a = send(Notice.of("inspection.finding", Recipient.user("applicant"), "inspection", "I-1", "Finding 1 of I-1"));
        long b = send(Notice.of("inspection.finding", Recipient.user("applicant"), "inspection", "I-1", "Finding 2 of I-1"));

        NotificationDeliverer.Pass pass = deliverer(5, webhook(URI.create("http://127.0.0.1:" + closed + "/hook"))).deliver();

        assertThat(pass.retried()).isEqualTo(1);
        assertThat(row(a).get("delivery_state")).isEqualTo("PENDING");
        assertThat((String) row(a).get("last_error")).startsWith("webhook unreachable: ");
        assertThat(row(b).get("delivery_attempts")).as("the rest waits for the next pass").isEqualTo(0);
        assertThat(row(b).get("delivery_state")).isEqualTo("PENDING");
    }

    @Test
    void withoutAnyChannelANoticeStaysInTheInboxOnly() {
        long id = send(Notice.of("annual-report.due", Recipient.user("applicant"), "annual-report", "2026", "The 2026 report is due"));

        assertThat(deliverer(3).deliver().none()).isEqualTo(1);

        Map<String, Object> row = row(id);
        assertThat(row.get("delivery_state")).isEqualTo("NONE");
        assertThat(row.get("delivery_attempts")).isEqualTo(0);
        JdbcInboxStore inbox = new JdbcInboxStore(jdbc);
        assertThat(inbox.find(id, "applicant")).as("still in the inbox").isPresent();
        inbox.markRead(id, "applicant", clock.instant());
        inbox.markRead(id, "applicant", clock.instant().plusSeconds(5));
        assertThat(inbox.find(id, "applicant").orElseThrow().read()).as("read marks work on H2 too").isTrue();
    }

    @Test
    void scheduledPassesRunOnTheLeaderOnly() {
        long id = send(Notice.of("product.review", Recipient.user("expert"), "product", "P-11", "Product P-11 waits for review"));
        NotificationDeliverer deliverer = deliverer(3, webhook(webhook));

        deliverer.scheduled();

        assertThat(received).as("no leadership: no pass").isEmpty();
        assertThat(row(id).get("delivery_state")).isEqualTo("PENDING");
        assertThat(row(id).get("delivery_attempts")).isEqualTo(0);
    }

    @Test
    void mailGoesToTheRecipientsConfiguredAddressesAndARecipientWithoutOneIsNotMailed() throws Exception {
        try (SmtpReceiver smtp = new SmtpReceiver()) {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(smtp.port());
            MailChannel mail = new MailChannel(sender, "shuyu@example.org", Map.of("provider", List.of("provider@example.org")),
                    Map.of("expert-330200", List.of("experts@example.org", "panel@example.org")));
            long toRole = send(Notice.of("product.review", Recipient.role(Role.EXPERT, Jurisdiction.MUNICIPAL), "product", "P-9",
                    "Product P-9 waits for review").due(Instant.parse("2027-02-01T00:00:00Z")));
            long toUnknown = send(Notice.of("product.review", Recipient.user("expert2"), "product", "P-9", "Product P-9 waits for review"));

            NotificationDeliverer.Pass pass = deliverer(3, mail).deliver();

            assertThat(pass.delivered()).isEqualTo(1);
            assertThat(pass.none()).isEqualTo(1);
            assertThat(row(toRole).get("delivery_state")).isEqualTo("DELIVERED");
            assertThat(row(toUnknown).get("delivery_state")).isEqualTo("NONE");
            assertThat(smtp.received).hasSize(1);
            SmtpReceiver.Mail received = smtp.received.peek();
            assertThat(received.to()).containsExactlyInAnyOrder("experts@example.org", "panel@example.org");
            assertThat(received.data()).contains("Subject: [Shuyu] product.review product P-9")
                    .contains("Product P-9 waits for review").contains("Due: 2027-02-01T00:00:00Z")
                    .contains("Notice id: " + toRole);
        }
    }

    @Test
    void theWebhookNeedsASecretAndHttpsOutsideEmbeddedMode() {
        NotificationProperties http = properties("http://hooks.example.org/shuyu");
        assertThat(http.problems(SandboxProperties.Mode.EMBEDDED, Optional.of(SECRET))).isEmpty();
        assertThat(http.problems(SandboxProperties.Mode.EMBEDDED, Optional.empty()))
                .anySatisfy(p -> assertThat(p).contains("SHUYU_NOTIFICATIONS_WEBHOOK_SECRET"));
        assertThat(http.problems(SandboxProperties.Mode.PRODUCTION, Optional.of(SECRET)))
                .anySatisfy(p -> assertThat(p).contains("plain http"));
        assertThat(properties("https://hooks.example.org/shuyu").problems(SandboxProperties.Mode.PRODUCTION, Optional.of(SECRET))).isEmpty();
        assertThat(properties(null).problems(SandboxProperties.Mode.PRODUCTION, Optional.empty())).isEmpty();
    }

    private static NotificationProperties properties(String url) {
        return new NotificationProperties(url, "SHUYU_NOTIFICATIONS_WEBHOOK_SECRET", Duration.ofSeconds(10), null, Map.of(),
                Map.of(), Duration.ofSeconds(10), 50, 8, INITIAL, Duration.ofHours(1), false);
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp t ? t.toInstant() : ((OffsetDateTime) value).toInstant();
    }
}
