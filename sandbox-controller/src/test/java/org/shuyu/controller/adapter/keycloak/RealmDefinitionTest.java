package org.shuyu.controller.adapter.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.adapter.identity.DemoUsers;
import org.shuyu.controller.identity.Role;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped realm ({@code deploy/keycloak/shuyu-realm.json}) says what the controller expects: a realm role per
 * platform role, the audience and jurisdiction in people's access tokens (never the audience in ID tokens), the
 * controller's client with a service account and no secret in the file, a password-grant client marked test-only,
 * and the embedded mode's demo users with their roles and jurisdictions and demo-only passwords.
 */
@Tag("R-06")
class RealmDefinitionTest {
    private static final JsonNode REALM = JsonMapper.builder().build().readTree(read(Path.of("../deploy/keycloak/shuyu-realm.json")));

    @Test
    void hasARealmRoleForEveryPlatformRoleAndNoOther() {
        assertThat(REALM.path("realm").asString()).isEqualTo("shuyu");
        List<String> roles = REALM.path("roles").path("realm").valueStream().map(r -> r.path("name").asString()).toList();
        assertThat(roles).containsExactlyInAnyOrderElementsOf(Arrays.stream(Role.values()).map(Role::realmRole).toList());
    }

    @Test
    void peoplesClientsPutTheControllersAudienceAndTheJurisdictionIntoAccessTokensOnly() {
        for (String clientId : List.of("shuyu-console", "shuyu-cli", "shuyu-test")) {
            JsonNode client = client(clientId);
            assertThat(client.path("publicClient").asBoolean()).as(clientId).isTrue();
            JsonNode audience = mapper(client, "oidc-audience-mapper");
            assertThat(audience.path("config").path("included.client.audience").asString()).isEqualTo("shuyu-controller");
            assertThat(audience.path("config").path("access.token.claim").asString()).isEqualTo("true");
            assertThat(audience.path("config").path("id.token.claim").asString()).as("an ID token is no bearer token").isEqualTo("false");
            JsonNode jurisdiction = mapper(client, "oidc-usermodel-attribute-mapper");
            assertThat(jurisdiction.path("config").path("user.attribute").asString()).isEqualTo("jurisdiction");
            assertThat(jurisdiction.path("config").path("claim.name").asString()).isEqualTo("jurisdiction");
        }
        assertThat(client("shuyu-console").path("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(client("shuyu-console").path("attributes").path("pkce.code.challenge.method").asString()).isEqualTo("S256");
        // The CLI: device authorization grant only (RFC 8628), no secret, no browser redirect, no password grant.
        JsonNode cli = client("shuyu-cli");
        assertThat(cli.path("attributes").path("oauth2.device.authorization.grant.enabled").asString()).isEqualTo("true");
        assertThat(cli.path("standardFlowEnabled").asBoolean()).isFalse();
        assertThat(cli.path("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(cli.path("implicitFlowEnabled").asBoolean()).isFalse();
        assertThat(cli.has("secret")).isFalse();
        JsonNode test = client("shuyu-test");
        assertThat(test.path("directAccessGrantsEnabled").asBoolean()).isTrue();
        assertThat(test.path("standardFlowEnabled").asBoolean()).isFalse();
        assertThat(test.path("name").asString()).startsWith("TEST ONLY");
        assertThat(test.path("description").asString()).startsWith("TEST ONLY");
    }

    @Test
    void theControllersClientHasAServiceAccountThatManagesGroupsAndNoSecretIsInTheFile() {
        JsonNode controller = client("shuyu-controller");
        assertThat(controller.path("publicClient").asBoolean()).isFalse();
        assertThat(controller.path("serviceAccountsEnabled").asBoolean()).isTrue();
        assertThat(controller.path("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(controller.path("standardFlowEnabled").asBoolean()).isFalse();
        JsonNode serviceAccount = user("service-account-shuyu-controller");
        assertThat(serviceAccount.path("serviceAccountClientId").asString()).isEqualTo("shuyu-controller");
        assertThat(serviceAccount.path("clientRoles").path("realm-management").valueStream().map(JsonNode::asString).toList())
                .contains("manage-users", "view-users", "query-groups");
        List<String> secrets = new ArrayList<>();
        collectSecrets(REALM, "", secrets);
        assertThat(secrets).as("secrets in the realm file").isEmpty();
        assertThat(REALM.path("groups").valueStream().map(g -> g.path("name").asString()).toList()).contains("shuyu-workspaces");
    }

    @Test
    void hasTheEmbeddedModesDemoUsersWithTheirRolesJurisdictionsAndDemoOnlyPasswords() {
        for (DemoUsers.DemoUser demo : DemoUsers.ALL) {
            JsonNode user = user(demo.username());
            assertThat(user.path("realmRoles").valueStream().map(JsonNode::asString).toList()).as(demo.username())
                    .containsExactlyInAnyOrderElementsOf(demo.roles().stream().map(Role::realmRole).toList());
            assertThat(user.path("attributes").path("jurisdiction").get(0).asString()).as(demo.username())
                    .isEqualTo(demo.jurisdiction().orElseThrow().code());
            JsonNode credential = user.path("credentials").get(0);
            assertThat(credential.path("value").asString()).isEqualTo("demo-only-" + demo.username());
            assertThat(credential.path("userLabel").asString()).contains("DEMO ONLY");
            assertThat(user.path("credentials").size()).isEqualTo(1);
        }
        long people = REALM.path("users").valueStream().filter(u -> u.path("serviceAccountClientId").isMissingNode()).count();
        assertThat(people).as("no user beyond the demo users").isEqualTo(DemoUsers.ALL.size());
    }

    @Test
    void declaresTheJurisdictionAttributeInTheUserProfileEditableByAdministratorsOnly() {
        String config = REALM.path("components").path("org.keycloak.userprofile.UserProfileProvider").get(0).path("config")
                .path("kc.user.profile.config").get(0).asString();
        JsonNode profile = JsonMapper.builder().build().readTree(config);
        JsonNode jurisdiction = profile.path("attributes").valueStream().filter(a -> a.path("name").asString().equals("jurisdiction"))
                .findFirst().orElseThrow();
        assertThat(jurisdiction.path("permissions").path("edit").valueStream().map(JsonNode::asString).toList()).containsExactly("admin");
        assertThat(jurisdiction.path("validations").path("pattern").path("pattern").asString()).isEqualTo("^3302[0-9]{2}$");
    }

    private static JsonNode client(String clientId) {
        return REALM.path("clients").valueStream().filter(c -> c.path("clientId").asString().equals(clientId)).findFirst().orElseThrow();
    }

    private static JsonNode user(String username) {
        return REALM.path("users").valueStream().filter(u -> u.path("username").asString().equals(username)).findFirst().orElseThrow();
    }

    private static JsonNode mapper(JsonNode client, String type) {
        return client.path("protocolMappers").valueStream().filter(m -> m.path("protocolMapper").asString().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError(client.path("clientId").asString() + " has no " + type));
    }

    private static void collectSecrets(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().toLowerCase().contains("secret")) {
                    found.add(path + "/" + field.getKey());
                }
                collectSecrets(field.getValue(), path + "/" + field.getKey(), found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectSecrets(node.get(i), path + "[" + i + "]", found);
            }
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
