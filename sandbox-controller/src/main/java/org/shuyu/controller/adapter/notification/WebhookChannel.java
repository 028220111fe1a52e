package org.shuyu.controller.adapter.notification;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each notice as JSON to the configured receiver (docs/notifications.md), with {@code X-Shuyu-Notification-Id}
 * (for de-duplication) and {@code X-Shuyu-Signature: sha256=<hex>}, the HMAC-SHA256 of the exact body bytes under the
 * shared secret. Any 2xx is delivered; anything else, or no answer, is a failure to retry (the body of the answer is
 * never read into logs or the row).
 */
public class WebhookChannel implements NoticeChannel {
    public static final String SIGNATURE_HEADER = "X-Shuyu-Signature";
    public static final String ID_HEADER = "X-Shuyu-Notification-Id";
    private final URI uri;
    private final byte[] secret;
    private final Duration timeout;
    private final HttpClient http;

    public WebhookChannel(URI uri, String secret, Duration timeout) {
        this.uri = requireNonNull(uri, "uri is null");
        this.secret = requireNonNull(secret, "secret is null").getBytes(StandardCharsets.UTF_8);
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public boolean accepts(OutgoingNotice notice) {
        return true;
    }

    /** {@code sha256=} and the lower-case hex HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String signature(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public void deliver(OutgoingNotice notice) throws DeliveryFailure {
        byte[] body = notice.json().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header(ID_HEADER, Long.toString(notice.id()))
                .header(SIGNATURE_HEADER, signature(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new DeliveryFailure("webhook unreachable: " + e.getClass().getSimpleName(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("webhook call interrupted", true);
        }
        if (status < 200 || status > 299) {
            throw new DeliveryFailure("webhook answered HTTP " + status, false);
        }
    }

    @Override
    public String toString() {
        return "webhook " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
