package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.product.DeliveryChannel;
import org.shuyu.controller.product.DeliveryGate;
import org.shuyu.controller.product.DeliveryGate.Delivery;
import org.shuyu.controller.product.Product;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Download of a listed data package, report or model (R-19b, R-21a): {@code GET /api/v1/products/{id}/download
 * ?scenario=...} streams the product's frozen snapshot, an Arrow IPC file, byte for byte as reviewed
 * ({@code X-Content-SHA256} is the digest the reviewers approved). The {@link DeliveryGate} opens the call (listed,
 * DOWNLOAD channel, grant active, scenario matches: its refusals are problem+json), is asked before every chunk
 * whether the delivery may go on, and is closed exactly once with the bytes sent. A delivery stopped mid-stream
 * (delisted, grant ended) or a failed read cuts the connection: the client sees fewer bytes than
 * {@code Content-Length}, never a complete-looking file.
 */
@RestController
class ProductDownloadController {
    static final String ARROW_FILE = "application/vnd.apache.arrow.file";
    static final String SHA256_HEADER = "X-Content-SHA256";
    static final int CHUNK_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(ProductDownloadController.class);
    private final ObjectProvider<DeliveryGate> gates;
    private final CurrentActor actor;

    ProductDownloadController(ObjectProvider<DeliveryGate> gates, CurrentActor actor) {
        this.gates = requireNonNull(gates, "gates is null");
        this.actor = requireNonNull(actor, "actor is null");
    }

    @Operation(operationId = "downloadProduct", tags = "products", summary = "Download a listed product")
    @GetMapping("/api/v1/products/{id}/download")
    @ApiResponse(responseCode = "200", description = "The product's frozen content as an Apache Arrow IPC file",
            content = @Content(mediaType = ARROW_FILE, schema = @Schema(type = "string", format = "binary")),
            headers = @Header(name = SHA256_HEADER, description = "SHA-256 of the file, as registered",
                    schema = @Schema(type = "string")))
    void download(@PathVariable String id, @RequestParam String scenario, HttpServletResponse response) {
        // Without product delivery wired in, no product exists to be downloaded.
        DeliveryGate gate = Optional.ofNullable(gates.getIfAvailable()).orElseThrow(() -> SandboxException.notFound("product", id));
        Delivery delivery = gate.open(actor.get(), id, scenario, DeliveryChannel.DOWNLOAD);
        long bytes = 0;
        Optional<String> failure = Optional.of("internal error");
        try (FileChannel file = FileChannel.open(delivery.file(), StandardOpenOption.READ)) {
            Optional<Product.Snapshot> frozen = delivery.product().snapshot();
            if (frozen.isEmpty()) {
                failure = Optional.of("no snapshot");
                throw new SandboxException(ErrorCode.SNAPSHOT_UNREADABLE, "product " + id + " has no snapshot");
            }
            Product.Snapshot snapshot = frozen.get();
            if (!gate.stillAllowed(delivery)) {
                failure = Optional.of("stopped: product delisted or grant ended");
                throw new SandboxException(ErrorCode.PRODUCT_NOT_LISTED, "delivery of product " + id + " was stopped");
            }
            long size = file.size();
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(ARROW_FILE);
            response.setContentLengthLong(size);
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(delivery.product()));
            response.setHeader(SHA256_HEADER, snapshot.sha256());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            OutputStream out = response.getOutputStream();
            response.flushBuffer(); // committed from here on: a later stop can only cut the connection
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
            boolean first = true;
            while (true) {
                chunk.clear();
                int read = file.read(chunk);
                if (read < 0) {
                    break;
                }
                if (!first && !gate.stillAllowed(delivery)) {
                    failure = Optional.of("stopped: product delisted or grant ended");
                    throw new DownloadCut("stopped");
                }
                first = false;
                out.write(chunk.array(), 0, read);
                bytes += read;
            }
            out.flush();
            failure = bytes == size ? Optional.empty() : Optional.of("snapshot changed size while being sent");
            if (failure.isPresent()) {
                throw new DownloadCut("snapshot changed size");
            }
        } catch (IOException e) {
            if (failure.isPresent() && !response.isCommitted()) {
                log.error("snapshot {} of product {} is unreadable", delivery.file(), id, e);
                failure = Optional.of("snapshot unreadable");
                throw new SandboxException(ErrorCode.SNAPSHOT_UNREADABLE, "the snapshot of product " + id + " cannot be read");
            }
            failure = Optional.of("connection lost: " + e.getClass().getSimpleName());
            throw new DownloadCut("connection lost");
        } finally {
            long rows = failure.isEmpty() ? delivery.product().snapshot().map(Product.Snapshot::rows).orElse(0L) : 0L;
            try {
                gate.close(delivery, rows, bytes, failure);
            } catch (RuntimeException e) {
                log.error("could not close download {} of product {} ({} bytes, failure {})", delivery.callId(), id, bytes,
                        failure.orElse("none"), e);
            }
        }
    }

    /**
     * A download that ended after its headers were sent. It is rethrown to the servlet container, which closes the
     * connection (a problem+json body cannot follow Arrow bytes).
     */
    @ExceptionHandler(DownloadCut.class)
    void cut(DownloadCut e) {
        throw e;
    }

    /** Thrown, without a stack, when a committed download stops early. */
    static final class DownloadCut extends RuntimeException {
        DownloadCut(String reason) {
            super("download cut: " + reason, null, false, false);
        }
    }

    /** {@code attachment; filename="<name>-v<version>.arrow"}, ASCII-safe, with the UTF-8 name as well when it differs. */
    static String contentDisposition(Product product) {
        String name = product.name() + "-v" + product.version() + ".arrow";
        String ascii = name.replaceAll("[^A-Za-z0-9._-]", "_");
        String header = "attachment; filename=\"" + ascii + "\"";
        if (!ascii.equals(name)) {
            header += "; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        }
        return header;
    }
}
