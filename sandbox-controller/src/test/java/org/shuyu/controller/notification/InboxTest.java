package org.shuyu.controller.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.adapter.notification.NotificationDeliverer;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The inbox (docs/notifications.md): a notice to a user reaches that user only; a notice to the holders of a role in a
 * jurisdiction reaches exactly them (a county's notice is not the municipality's, and the other way round); read marks
 * are each reader's own; a notice that is not the caller's cannot be marked and is answered NOTIFICATION_NOT_FOUND.
 */
@PlatformTest
class InboxTest {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final Jurisdiction YINZHOU = new Jurisdiction("330212");

    @LocalServerPort
    int port;

    @Autowired
    Notifications notifications;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    NotificationDeliverer deliverer;

    private Api api() {
        return new Api(port);
    }

    private long send(Notice notice) {
        notifications.send(notice);
        return jdbc.sql("SELECT max(id) FROM notifications WHERE subject_id = ?").param(notice.subjectId()).query(Long.class).single();
    }

    private List<JsonNode> inbox(String user, String query, String prefix) {
        Api.Response r = api().get(user, "/api/v1/notifications" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> mine = new ArrayList<>();
        r.json().forEach(n -> {
            if (n.path("subjectId").asString().startsWith(prefix)) {
                mine.add(n);
            }
        });
        return mine;
    }

    private List<Long> ids(String user, String query, String prefix) {
        return inbox(user, query, prefix).stream().map(n -> n.path("id").asLong()).toList();
    }

    private long unread(String user) {
        Api.Response r = api().get(user, "/api/v1/notifications/unread-count");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("unread").asLong();
    }

    @Test
    void aNoticeToAUserReachesThatUserOnlyNewestFirst() {
        String p = RUN + "-aNoticeToAUs";
        Instant due = Instant.parse("2027-01-31T00:00:00Z");
        long first = send(Notice.of("product.returned", Recipient.user("expert"), "product", p + "-u1", "Product returned"));
        long second = send(Notice.of("product.returned", Recipient.user("expert"), "product", p + "-u2", "Product returned again")
                .due(due));

        assertThat(ids("expert", "", p)).containsExactly(second, first);
        JsonNode newest = inbox("expert", "", p).get(0);
        assertThat(newest.path("kind").asString()).isEqualTo("product.returned");
        assertThat(newest.path("recipient").asString()).isEqualTo("user");
        assertThat(newest.path("subjectType").asString()).isEqualTo("product");
        assertThat(newest.path("summary").asString()).isEqualTo("Product returned again");
        assertThat(Instant.parse(newest.path("due").asString())).isEqualTo(due);
        assertThat(newest.path("read").asBoolean()).isFalse();
        assertThat(ids("expert2", "", p)).isEmpty();
        assertThat(ids("admin", "", p)).isEmpty();

        assertThat(ids("expert", "?limit=1", p)).as("page by page (Link rel=next), the same order").containsExactly(second, first);
    }

    @Test
    void aNoticeToARoleReachesItsHoldersInThatJurisdictionOnly() {
        String p = RUN + "-aNoticeToARo";
        long municipal = send(Notice.of("annual-report.submitted", Recipient.role(Role.AUTHORITY, Jurisdiction.MUNICIPAL),
                "annual-report", p + "-m", "An annual report was submitted"));
        long county = send(Notice.of("annual-report.submitted", Recipient.role(Role.AUTHORITY, YINZHOU),
                "annual-report", p + "-c", "An annual report was submitted"));
        long experts = send(Notice.of("product.review", Recipient.role(Role.EXPERT, Jurisdiction.MUNICIPAL),
                "product", p + "-e", "A product waits for review"));

        assertThat(ids("admin", "", p)).containsExactly(municipal);
        assertThat(ids("county-admin", "", p)).containsExactly(county);
        assertThat(ids("expert", "", p)).contains(experts).doesNotContain(municipal, county);
        assertThat(ids("expert2", "", p)).contains(experts);
        assertThat(ids("provider", "", p)).isEmpty();
        assertThat(inbox("admin", "", p).get(0).path("role").asString()).isEqualTo("AUTHORITY");
        assertThat(inbox("admin", "", p).get(0).path("jurisdiction").asString()).isEqualTo("330200");
    }

    @Test
    void readMarksAreEachReadersOwn() {
        String p = RUN + "-readMarksAre";
        long shared = send(Notice.of("product.review", Recipient.role(Role.EXPERT, Jurisdiction.MUNICIPAL), "product",
                p + "-r", "A product waits for review"));
        long before = unread("expert");
        long before2 = unread("expert2");

        Api.Response marked = api().post("expert", "/api/v1/notifications/" + shared + "/read", Map.of());

        assertThat(marked.status()).as(marked.toString()).isEqualTo(200);
        assertThat(marked.json().path("read").asBoolean()).isTrue();
        String readAt = marked.json().path("readAt").asString();
        assertThat(unread("expert")).isEqualTo(before - 1);
        assertThat(unread("expert2")).isEqualTo(before2);
        assertThat(ids("expert", "?unread=true", p)).doesNotContain(shared);
        assertThat(ids("expert", "", p)).contains(shared);
        assertThat(ids("expert2", "?unread=true", p)).contains(shared);

        Api.Response again = api().post("expert", "/api/v1/notifications/" + shared + "/read", Map.of());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("readAt").asString()).as("the first read mark stands").isEqualTo(readAt);
    }

    @Test
    void aNoticeThatIsNotTheCallersCannotBeMarked() {
        String p = RUN + "-aNoticeThatI";
        long forExpert = send(Notice.of("product.returned", Recipient.user("expert"), "product", p + "-x", "Product returned"));
        long forCounty = send(Notice.of("inspection.opened", Recipient.role(Role.AUTHORITY, YINZHOU), "inspection", p + "-y",
                "An inspection was opened"));

        for (String[] attempt : new String[][] {{"expert2", Long.toString(forExpert)}, {"admin", Long.toString(forCounty)},
                {"admin", "not-a-number"}, {"admin", "999999999999"}}) {
            Api.Response r = api().post(attempt[0], "/api/v1/notifications/" + attempt[1] + "/read", Map.of());
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.code()).isEqualTo("NOTIFICATION_NOT_FOUND");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM notification_reads WHERE notification_id IN (?, ?)")
                .params(forExpert, forCounty).query(Long.class).single()).isZero();
    }

    @Test
    void withNeitherWebhookNorMailConfiguredANoticeIsNotDeliveredAndStaysInTheInbox() {
        String p = RUN + "-undelivered";
        long id = send(Notice.of("product.returned", Recipient.user("applicant"), "product", p + "-n", "Product returned"));

        assertThat(deliverer.channels()).isEmpty();
        deliverer.deliver();

        assertThat(jdbc.sql("SELECT delivery_state FROM notifications WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("NONE");
        assertThat(ids("applicant", "", p)).containsExactly(id);
    }

    @Test
    void everyRoleHasAToDoList() {
        for (String user : List.of("admin", "provider", "applicant", "engineer", "expert", "security", "coordination", "leading-group")) {
            Api.Response r = api().get(user, "/api/v1/todos");
            assertThat(r.status()).as(user + ": " + r).isEqualTo(200);
            assertThat(r.json().isArray()).isTrue();
        }
    }
}
