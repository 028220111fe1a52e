package org.shuyu.cli.commands;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliException;
import org.shuyu.cli.support.ExitCode;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.client.ApiClient;
import org.shuyu.client.ApiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shuyu products download ID --scenario S [-O FILE] [--force]}: the frozen snapshot of a listed product (an
 * Arrow IPC file), served only for the grant's approved scenario (R-21a). The bytes go to a temporary file next to
 * the target and are moved into place only when their length and SHA-256 match what the server announced, so a cut
 * delivery (delisted mid-stream) never leaves a complete-looking file. An existing file is not overwritten without
 * {@code --force}. A refusal prints the server's code (e.g. {@code SCENARIO_MISMATCH}) with its exit code.
 * The generated client declares no body for this operation, so the command reads the response stream itself with
 * the client's HTTP client, base URL and credentials.
 */
@Command(name = "download", description = "Download a listed product's file for your approved scenario.")
final class ProductDownload implements Callable<Integer> {
    private static final Pattern FILENAME = Pattern.compile("filename=\"?([^\";]+)\"?");
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "ID")
    String id;
    @Option(names = "--scenario", required = true, paramLabel = "TEXT", description = "The scenario you use it for.")
    String scenario;
    @Option(names = {"-O", "--output-file"}, paramLabel = "FILE",
            description = "Where to write it (default: the server's file name, else ID.arrow, in the current directory).")
    Path target;
    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    boolean force;

    ProductDownload(Cli cli) {
        this.cli = cli;
    }

    /** What was written. */
    record Written(String file, long bytes, String sha256) {}

    @Override
    public Integer call() throws Exception {
        if (target != null) {
            refuseExisting(target);
        }
        ApiClient client = cli.client();
        URI uri = URI.create(client.getBaseUri() + "/api/v1/products/" + encode(id) + "/download?scenario="
                + encode(scenario));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofHours(1))
                .header("Accept", "application/vnd.apache.arrow.file, application/problem+json");
        if (client.getRequestInterceptor() != null) {
            client.getRequestInterceptor().accept(request);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.getHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ApiException(e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                String text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                throw new ApiException(response.statusCode(), "download refused", response.headers(), text);
            }
            Path file = target != null ? target : Path.of(fileName(response).orElse(id + ".arrow"));
            if (target == null) {
                refuseExisting(file);
            }
            Written written = write(body, file, response);
            cli.output().item(written, List.of(
                    Column.of("FILE", Written::file),
                    Column.of("BYTES", Written::bytes),
                    Column.of("SHA256", Written::sha256)));
            cli.output().note("wrote " + written.bytes() + " bytes to " + written.file());
            return 0;
        }
    }

    private void refuseExisting(Path file) {
        if (Files.exists(file) && !force) {
            throw CliException.usage("FILE_EXISTS", file + " exists; use --force to overwrite it");
        }
        if (Files.isDirectory(file)) {
            throw CliException.usage("FILE_EXISTS", file + " is a directory");
        }
    }

    private Written write(InputStream body, Path file, HttpResponse<?> response) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".part");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long bytes = 0;
            try (OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = body.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    sha.update(buffer, 0, n);
                    bytes += n;
                }
            } catch (IOException e) {
                throw new CliException(ExitCode.ERROR, "DOWNLOAD_CUT", "the download of product " + id
                        + " was cut after " + bytes + " bytes (delisted, grant ended, or connection lost); nothing written");
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            java.util.OptionalLong expected = response.headers().firstValueAsLong("Content-Length");
            if (expected.isPresent() && expected.getAsLong() != bytes) {
                throw new CliException(ExitCode.ERROR, "DOWNLOAD_CUT", "got " + bytes + " of " + expected.getAsLong()
                        + " bytes of product " + id + "; nothing written");
            }
            Optional<String> announced = response.headers().firstValue("X-Content-SHA256");
            if (announced.isPresent() && !announced.get().equalsIgnoreCase(digest)) {
                throw new CliException(ExitCode.ERROR, "DIGEST_MISMATCH", "the SHA-256 of the download (" + digest
                        + ") differs from the reviewed snapshot's (" + announced.get() + "); nothing written");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Written(file.toString(), bytes, digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The file name of Content-Disposition, without any directory part. */
    private static Optional<String> fileName(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Disposition").map(FILENAME::matcher).filter(Matcher::find)
                .map(m -> Path.of(m.group(1)).getFileName().toString()).filter(n -> !n.isBlank() && !n.startsWith("."));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
