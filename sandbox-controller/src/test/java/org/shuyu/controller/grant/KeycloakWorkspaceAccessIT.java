package org.shuyu.controller.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import com.nimbusds.jwt.SignedJWT;
import jakarta.ws.rs.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.KeycloakPlatformTest;
import org.shuyu.controller.support.KeycloakServer;
import org.shuyu.controller.support.KeycloakTokens;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The grant life cycle, workspace membership and vetting driven with real Keycloak tokens, and the realm's workspace
 * group kept in step by the controller (R-06, R-18, R-17a, R-17b): a group per active grant with its vetted
 * members, emptied and deleted at once on suspension and termination; an unvetted member, a removed member whose
 * token still lives, and a county user acting on a municipal grant are refused by the platform itself.
 */
@KeycloakPlatformTest
class KeycloakWorkspaceAccessIT {
    private static final Duration AT_ONCE = Duration.ofSeconds(20);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    LifecycleScheduler scheduler;
    @Autowired
    WorkspaceAccessReconciler reconciler;

    private final KeycloakServer keycloak = KeycloakServer.get();
    private final KeycloakTokens tokens = new KeycloakTokens(keycloak);
    private Api api;
    private LifecycleFixture fx;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens::accessToken);
        fx = new LifecycleFixture(api, jdbc, clock);
        // Production mode has no demo catalog: the provider the fixture's datasets name is registered once.
        if (!ok(api.get("admin", "/api/v1/providers")).json().findValuesAsString("id").contains("market-regulation")) {
            ok(api.post("admin", "/api/v1/providers", Map.of("id", "market-regulation", "name", "Market regulation bureau",
                    "jurisdiction", "330200", "description", "provider of the integration tests' datasets")));
        }
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    @Tag("R-06")
    @Tag("R-18")
    @Tag("R-17b")
    @Tag("R-17a")
    void theWholeLifeCycleWithRealTokensKeepsTheRealmsWorkspaceGroupInStep() throws Exception {
        String grant = fx.activeGrant("keycloak life cycle " + fx.unique("s"));
        String org = organizationOf(grant);
        String group = "ws-" + grant;
        await().atMost(AT_ONCE).untilAsserted(() -> assertThat(members(group)).contains(Set.of("engineer")));
        assertThat(ok(access("engineer", grant)).json().path("access").asBoolean()).isTrue();
        // The realm puts the group into the engineer's next token, for systems outside the controller.
        String fresh = tokens.password(keycloak.tokenEndpoint(), KeycloakTokens.TEST_CLIENT, "engineer",
                KeycloakServer.demoPassword("engineer")).accessToken();
        assertThat(SignedJWT.parse(fresh).getJWTClaimsSet().getStringListClaim("groups")).contains("/shuyu-workspaces/" + group);

        ok(api.post("applicant", "/api/v1/grants/" + grant + "/members", Map.of("userId", "engineer2", "name", "Sun Yu")));
        fx.vet(org, "applicant", "engineer2", "Sun Yu");
        await().atMost(AT_ONCE).untilAsserted(() -> assertThat(members(group)).contains(Set.of("engineer", "engineer2")));

        // Suspension (R-17b): the group goes at once; the engineers' tokens still live, the platform refuses them.
        ok(api.post("admin", "/api/v1/grants/" + grant + "/suspend",
                Map.of("violation", "raw export attempt", "rectificationDeadline", Instant.now().plus(Duration.ofDays(10)).toString())));
        await().atMost(AT_ONCE).untilAsserted(() -> assertThat(members(group)).isEmpty());
        assertThat(access("engineer", grant).code()).isEqualTo("GRANT_NOT_ACTIVE");
        assertThat(api.get("engineer", "/api/v1/me").status()).as("the token itself is still valid").isEqualTo(200);

        ok(api.post("applicant", "/api/v1/grants/" + grant + "/rectification", Map.of("report", "export path closed")));
        ok(api.post("admin", "/api/v1/grants/" + grant + "/reinstate", Map.of("note", "rectified")));
        await().atMost(AT_ONCE).untilAsserted(() -> assertThat(members(group)).contains(Set.of("engineer", "engineer2")));
        ok(access("engineer2", grant));

        // Termination by an approved decision (R-05, R-17a): access closes at once, in the platform and the realm.
        String decision = ok(api.post("coordination", "/api/v1/grants/" + grant + "/decisions", Map.of("kind", "TERMINATE",
                "meetingDate", fx.today().toString(), "minutes", "deliberated", "reason", "end of the test"))).json().path("id").asString();
        ok(api.post("leading-group", "/api/v1/grants/" + grant + "/decisions/" + decision + "/approval", null));
        ok(api.post("admin", "/api/v1/grants/" + grant + "/terminate", Map.of("decisionId", decision)));
        await().atMost(AT_ONCE).untilAsserted(() -> assertThat(members(group)).isEmpty());
        // A former member of an ended grant sees it no more: the same answer as for an unknown grant (issue 14).
        assertThat(access("engineer", grant).code()).isEqualTo("NOT_FOUND");
        assertThat(scheduler.runOnce().deletionsDone()).isGreaterThanOrEqualTo(1);

        List<String> sync = jdbc.sql("SELECT detail FROM audit_log WHERE subject_id = ? AND action = 'workspace.identity-sync'"
                + " AND actor = ? ORDER BY seq").params(grant, WorkspaceAccessReconciler.ACTOR).query(String.class).list();
        // Passes may coalesce while the grant is set up; suspension and termination each emptied and deleted the group.
        assertThat(sync.get(0)).contains("group " + group + " created");
        assertThat(sync).anySatisfy(d -> assertThat(d).contains("added [engineer"));
        assertThat(sync).filteredOn(d -> d.endsWith("removed [engineer, engineer2]; deleted")).hasSize(2);
    }

    @Test
    @Tag("R-18")
    void anUnvettedMemberIsRefusedEveryWorkspaceActionAndIsNotInTheRealmsGroup() {
        String grant = fx.activeGrant("keycloak unvetted " + fx.unique("s"));
        ok(api.post("applicant", "/api/v1/grants/" + grant + "/members", Map.of("userId", "engineer2", "name", "Sun Yu")));
        Api.Response refused = access("engineer2", grant);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("VETTING_INCOMPLETE");
        assertThat(refused.json().path("detail").asString()).contains("pre-job training", "real-name authentication",
                "filing and vetting", "signed confidentiality agreement");
        // The workspace actions themselves: submitting a job and previewing a table.
        Api.Response job = api.post("engineer2", "/api/v1/workspaces/" + grant + "/jobs",
                Map.of("name", "unvetted", "steps", java.util.List.of(Map.of("sql", "SELECT 1"))));
        assertThat(job.status()).as(job.toString()).isEqualTo(403);
        assertThat(job.code()).isEqualTo("VETTING_INCOMPLETE");
        Api.Response preview = api.get("engineer2", "/api/v1/workspaces/" + grant + "/tables/anything/preview");
        assertThat(preview.code()).isEqualTo("VETTING_INCOMPLETE");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM jobs WHERE workspace_id = ?").param(grant).query(Long.class).single())
                .as("nothing was queued").isZero();
        await().atMost(AT_ONCE).untilAsserted(() -> assertThat(members("ws-" + grant)).contains(Set.of("engineer")));
        assertThat(reconciler.reconcile(grant).added()).as("nothing left to do: engineer2 stays out").isZero();
        assertThat(members("ws-" + grant)).contains(Set.of("engineer"));
    }

    @Test
    @Tag("R-06")
    @Tag("R-18")
    void aRemovedMemberWhoseTokenIsStillValidIsRefusedByThePlatformsOwnMembership() {
        String grant = fx.activeGrant("keycloak removed " + fx.unique("s"));
        String token = tokens.accessToken("engineer");
        assertThat(api.withToken("GET", "/api/v1/grants/" + grant + "/access", null, token).status()).isEqualTo(200);
        await().atMost(AT_ONCE).untilAsserted(() -> assertThat(members("ws-" + grant)).contains(Set.of("engineer")));

        ok(api.delete("applicant", "/api/v1/grants/" + grant + "/members/engineer"));
        Api.Response refused = api.withToken("GET", "/api/v1/grants/" + grant + "/access", null, token);
        // A former member no longer sees the grant: the same answer as for one that does not exist.
        assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
        assertThat(refused.code()).isEqualTo("NOT_FOUND");
        Api.Response job = api.withToken("POST", "/api/v1/workspaces/" + grant + "/jobs",
                Map.of("name", "after-removal", "steps", java.util.List.of(Map.of("sql", "SELECT 1"))), token);
        assertThat(job.status()).as(job.toString()).isEqualTo(404);
        assertThat(job.code()).isEqualTo("NOT_FOUND");
        assertThat(api.withToken("GET", "/api/v1/me", null, token).status()).as("the same token still authenticates").isEqualTo(200);
        assertThat(api.withToken("GET", "/api/v1/grants/" + grant, null, token).status()).isEqualTo(404);
        await().atMost(AT_ONCE).untilAsserted(() -> assertThat(members("ws-" + grant)).contains(Set.of()));
    }

    @Test
    @Tag("R-06")
    void aCountyUserCannotActOnAMunicipalGrant() {
        String grant = fx.activeGrant("keycloak county " + fx.unique("s"));
        String org = organizationOf(grant);
        Api.Response suspend = api.post("county-admin", "/api/v1/grants/" + grant + "/suspend",
                Map.of("violation", "x", "rectificationDeadline", Instant.now().plus(Duration.ofDays(3)).toString()));
        // A county authority does not see a municipal grant: 404 to act on it as to read it (no existence oracle).
        assertThat(suspend.status()).as(suspend.toString()).isEqualTo(404);
        assertThat(suspend.code()).isEqualTo("NOT_FOUND");
        assertThat(api.get("county-admin", "/api/v1/grants/" + grant).status()).isEqualTo(404);
        assertThat(api.get("county-admin", "/api/v1/organizations/" + org + "/personnel").code()).isEqualTo("OUTSIDE_JURISDICTION");
        assertThat(api.get("engineer2", "/api/v1/grants/" + grant).status()).isEqualTo(404);
        assertThat(ok(api.get("admin", "/api/v1/grants/" + grant)).json().path("state").asString()).isEqualTo("ACTIVE");
    }

    @Test
    @Tag("R-18")
    void aHandMadeChangeToAWorkspaceGroupIsRevertedByTheNextPass() {
        String grant = fx.activeGrant("keycloak drift " + fx.unique("s"));
        String group = "ws-" + grant;
        await().atMost(AT_ONCE).untilAsserted(() -> assertThat(members(group)).contains(Set.of("engineer")));
        RealmResource realm = realm();
        String groupId = realm.getGroupByPath("/shuyu-workspaces/" + group).getId();
        String intruder = realm.users().searchByUsername("engineer2", true).get(0).getId();
        realm.users().get(intruder).joinGroup(groupId);
        assertThat(members(group)).contains(Set.of("engineer", "engineer2"));

        WorkspaceAccessReconciler.Pass pass = reconciler.reconcileAll();
        assertThat(pass.failures()).isZero();
        assertThat(pass.removed()).isGreaterThanOrEqualTo(1);
        assertThat(members(group)).contains(Set.of("engineer"));
        assertThat(reconciler.reconcileAll().removed()).as("idempotent").isZero();
    }

    @Test
    @Tag("R-18")
    void aVettedMemberWithoutAnAccountInTheRealmIsReportedAndNothingIsInvented() {
        String grant = fx.activeGrant("keycloak ghost " + fx.unique("s"));
        await().atMost(AT_ONCE).untilAsserted(() -> assertThat(members("ws-" + grant)).contains(Set.of("engineer")));
        ok(api.post("applicant", "/api/v1/grants/" + grant + "/members", Map.of("userId", "ghost.user", "name", "No Account")));
        fx.vet(organizationOf(grant), "applicant", "ghost.user", "No Account");
        WorkspaceAccessReconciler.Pass pass = reconciler.reconcile(grant);
        assertThat(pass.unknownUsers()).isEqualTo(1);
        assertThat(pass.failures()).isZero();
        assertThat(members("ws-" + grant)).contains(Set.of("engineer"));
        assertThat(realm().users().searchByUsername("ghost.user", true)).isEmpty();
    }

    private Api.Response access(String user, String grant) {
        return api.get(user, "/api/v1/grants/" + grant + "/access");
    }

    private String organizationOf(String grant) {
        return ok(api.get("admin", "/api/v1/grants/" + grant)).json().path("organizationId").asString();
    }

    private RealmResource realm() {
        return keycloak.admin().realm(KeycloakServer.REALM);
    }

    /** The usernames in the realm's workspace group, or empty when there is no such group. */
    private Optional<Set<String>> members(String group) {
        try {
            GroupRepresentation g = realm().getGroupByPath("/shuyu-workspaces/" + group);
            Set<String> names = new TreeSet<>();
            realm().groups().group(g.getId()).members(0, 100, true).forEach(u -> names.add(u.getUsername()));
            return Optional.of(names);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
