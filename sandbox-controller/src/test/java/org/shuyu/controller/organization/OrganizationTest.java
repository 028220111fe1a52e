package org.shuyu.controller.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@PlatformTest
class OrganizationTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final long RUN = System.nanoTime() % 100_000;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Organizations organizations;

    private Api api() {
        return new Api(port);
    }

    /** A valid USCC no other test of this run uses. */
    static String uniqueUscc() {
        String first17 = "91330200" + String.format("%05d%04d", RUN, SEQUENCE.incrementAndGet());
        return first17 + Uscc.checkCharacter(first17);
    }

    private static Map<String, Object> organization(String uscc, String jurisdiction, String accountableUser, String accountableName) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Test Data Co. " + uscc);
        body.put("uscc", uscc);
        body.put("jurisdiction", jurisdiction);
        body.put("establishedOn", "2019-03-01");
        body.put("accountablePerson", Map.of("userId", accountableUser, "name", accountableName));
        return body;
    }

    private int stored(String uscc) {
        return jdbc.sql("SELECT count(*) FROM organizations WHERE uscc = ?").param(uscc).query(Integer.class).single();
    }

    @Test
    @Tag("R-24a")
    @Tag("R-24d")
    void applicantRegistersOrganizationNamingThemselvesAndTheAuditNamesTheAccountablePerson() {
        String uscc = uniqueUscc();

        Api.Response created = api().post("applicant", "/api/v1/organizations",
                organization(uscc, "330200", "applicant", "Li Qiang"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(created.json().path("accountablePerson").path("userId").asString()).isEqualTo("applicant");
        Organization organization = organizations.find(id).orElseThrow();
        assertThat(organization.accountableUserId()).isEqualTo("applicant");
        assertThat(organization.jurisdiction().code()).isEqualTo("330200");
        assertThat(organization.uscc().value()).isEqualTo(uscc);
        assertThat(api().get("applicant", "/api/v1/organizations/" + id).json().path("uscc").asString()).isEqualTo(uscc);
        Map<String, Object> audit = jdbc.sql("""
                SELECT actor, organization_id, accountable_person FROM audit_log
                WHERE action = 'organization.register' AND subject_id = ?""").param(id).query().singleRow();
        assertThat(audit).containsEntry("actor", "applicant").containsEntry("organization_id", id);
        assertThat((String) audit.get("accountable_person")).startsWith("applicant (Li Qiang");
    }

    @Test
    @Tag("R-24a")
    @Tag("R-06")
    void applicantNamingSomeoneElseAsAccountablePersonIsRefused() {
        String uscc = uniqueUscc();

        Api.Response refused = api().post("applicant", "/api/v1/organizations",
                organization(uscc, "330200", "applicant2", "Xu Jing"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("NOT_ACCOUNTABLE_PERSON");
        assertThat(stored(uscc)).isZero();
    }

    @Test
    @Tag("R-24a")
    void authorityRegistersAnOrganizationForItsAccountablePerson() {
        String uscc = uniqueUscc();

        Api.Response created = api().post("admin", "/api/v1/organizations",
                organization(uscc, "330203", "applicant", "Li Qiang"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("createdBy").asString()).isEqualTo("admin");
    }

    @Test
    @Tag("R-24a")
    void malformedUsccIsRefused() {
        String valid = uniqueUscc();
        char wrong = valid.charAt(17) == '0' ? '1' : '0';
        for (String bad : List.of(valid.substring(0, 17) + wrong, "12345", "91330200MA2GIIII0X")) {
            Api.Response refused = api().post("applicant", "/api/v1/organizations",
                    organization(bad, "330200", "applicant", "Li Qiang"));
            assertThat(refused.status()).as(bad + " -> " + refused).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("INVALID_USCC");
            assertThat(stored(bad)).isZero();
        }
    }

    @Test
    @Tag("R-24a")
    void missingAccountablePersonIsRefused() {
        String uscc = uniqueUscc();
        Map<String, Object> body = organization(uscc, "330200", "applicant", "Li Qiang");
        body.remove("accountablePerson");

        Api.Response refused = api().post("admin", "/api/v1/organizations", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("INVALID_REQUEST");
        assertThat(stored(uscc)).isZero();
    }

    @Test
    @Tag("R-24a")
    void duplicateUsccConflicts() {
        String uscc = uniqueUscc();
        assertThat(api().post("applicant", "/api/v1/organizations",
                organization(uscc, "330200", "applicant", "Li Qiang")).status()).isEqualTo(201);

        Api.Response again = api().post("admin", "/api/v1/organizations",
                organization(uscc, "330200", "applicant", "Li Qiang"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("ALREADY_EXISTS");
        assertThat(stored(uscc)).isEqualTo(1);
    }

    @Test
    @Tag("R-06")
    void countyUsersAreConfinedToTheirJurisdiction() {
        String haishu = uniqueUscc();
        Api.Response applicantElsewhere = api().post("applicant2", "/api/v1/organizations",
                organization(haishu, "330203", "applicant2", "Xu Jing"));
        assertThat(applicantElsewhere.status()).isEqualTo(403);
        assertThat(applicantElsewhere.code()).isEqualTo("OUTSIDE_JURISDICTION");
        Api.Response countyAuthorityElsewhere = api().post("county-admin", "/api/v1/organizations",
                organization(haishu, "330203", "applicant2", "Xu Jing"));
        assertThat(countyAuthorityElsewhere.status()).isEqualTo(403);
        assertThat(countyAuthorityElsewhere.code()).isEqualTo("OUTSIDE_JURISDICTION");
        assertThat(stored(haishu)).isZero();

        String yinzhou = uniqueUscc();
        Api.Response own = api().post("applicant2", "/api/v1/organizations",
                organization(yinzhou, "330212", "applicant2", "Xu Jing"));
        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        Api.Response municipal = api().post("admin", "/api/v1/organizations",
                organization(haishu, "330203", "applicant", "Li Qiang"));
        assertThat(municipal.status()).as(municipal.toString()).isEqualTo(201);
        String haishuId = municipal.json().path("id").asString();

        assertThat(api().get("county-admin", "/api/v1/organizations/" + haishuId).status()).isEqualTo(404);
        assertThat(api().get("admin", "/api/v1/organizations/" + haishuId).status()).isEqualTo(200);
        List<String> countyView = new ArrayList<>();
        api().get("county-admin", "/api/v1/organizations").json().forEach(o -> countyView.add(o.path("uscc").asString()));
        assertThat(countyView).contains(yinzhou).doesNotContain(haishu);
    }

    @Test
    @Tag("R-06")
    void rolesOtherThanApplicantAndAuthorityCannotRegisterOrganizations() {
        String uscc = uniqueUscc();

        Api.Response refused = api().post("expert", "/api/v1/organizations",
                organization(uscc, "330200", "expert", "Prof. Huang"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("FORBIDDEN_ROLE");
        assertThat(stored(uscc)).isZero();
    }
}
