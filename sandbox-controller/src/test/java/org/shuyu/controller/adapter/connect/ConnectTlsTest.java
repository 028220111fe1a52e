package org.shuyu.controller.adapter.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.controller.adapter.connect.ConnectPorts.Route;
import org.shuyu.controller.adapter.identity.DemoUsers;
import org.shuyu.controller.adapter.identity.DevTokenIssuer;
import org.shuyu.controller.config.ConnectProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * In production mode the front door serves TLS from PEM files: a client trusting the certificate gets its call
 * forwarded; a plaintext client gets nothing. The key pair is made here with the JDK's keytool.
 */
@Tag("R-19a")
class ConnectTlsTest {
    @TempDir
    Path dir;

    @Test
    void servesTlsFromPemFilesInProductionMode() throws Exception {
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        selfSigned(cert, key);
        DevTokenIssuer issuer = new DevTokenIssuer("shuyu-controller", Duration.ofMinutes(5), Clock.systemUTC(), p -> p + "-1");
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(issuer.publicKey()).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(DevTokenIssuer.ISSUER));
        ConnectProperties settings = new ConnectProperties("127.0.0.1", 0, cert, key, false, 1 << 24, 4);
        try (FakeEngine engine = new FakeEngine();
                ConnectProxyServer proxy = new ConnectProxyServer(settings, SandboxProperties.Mode.PRODUCTION,
                        (actor, workspaceId, sessionId) -> new Route("sess-1", actor.userId(), "127.0.0.1", engine.port(), "secret"),
                        decoder, ConnectRefusals.NONE).start()) {
            assertThat(proxy.tls()).isTrue();
            Metadata headers = new Metadata();
            headers.put(BearerTokens.AUTHORIZATION, "Bearer " + issuer.issue(DemoUsers.find("engineer").orElseThrow()));
            headers.put(ConnectHeaders.WORKSPACE, "ws-1");
            byte[] request = ConnectProxyServerTest.request(UUID.randomUUID().toString(), "SELECT 1");

            ChannelCredentials trusting = TlsChannelCredentials.newBuilder().trustManager(cert.toFile()).build();
            ManagedChannel tls = Grpc.newChannelBuilderForAddress("localhost", proxy.port(), trusting).build();
            ManagedChannel plain = Grpc.newChannelBuilderForAddress("localhost", proxy.port(), InsecureChannelCredentials.create()).build();
            try {
                byte[] response = ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(tls, MetadataUtils.newAttachHeadersInterceptor(headers))
                        .newCall(FakeEngine.method("Config", MethodType.UNARY), CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS)), request);
                assertThat(new String(response, StandardCharsets.UTF_8)).startsWith("echo:");
                assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(
                        ClientInterceptors.intercept(plain, MetadataUtils.newAttachHeadersInterceptor(headers))
                                .newCall(FakeEngine.method("Config", MethodType.UNARY), CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)),
                        request)).isInstanceOf(StatusRuntimeException.class);
                assertThat(engine.calls.get()).isEqualTo(1);
            } finally {
                tls.shutdownNow();
                plain.shutdownNow();
            }
        }
    }

    /** A self-signed certificate for localhost and 127.0.0.1 and its PKCS#8 key, as PEM files. */
    private void selfSigned(Path cert, Path key) throws Exception {
        Path store = dir.resolve("tls.p12");
        String password = "changeit-" + UUID.randomUUID();
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "connect", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("keytool.log"))).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            keyStore.load(in, password.toCharArray());
        }
        Certificate certificate = keyStore.getCertificate("connect");
        PrivateKey privateKey = (PrivateKey) keyStore.getKey("connect", password.toCharArray());
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
