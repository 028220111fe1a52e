package org.shuyu.controller.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * An acknowledged write survives {@code kill -9} on the embedded default (issue 14): a child process commits on
 * the H2 file database with the datasource URL of application.yml, the test kills it with SIGKILL right after an
 * acknowledged commit, reopens the database and finds every acknowledged row, over several crash rounds. The same
 * harness on H2's stock settings (no {@code dsync:}, the default 500 ms write delay) loses acknowledged rows, so the
 * test can tell the two apart.
 */
@Tag("R-24d")
class EmbeddedCrashDurabilityTest {
    @TempDir
    Path dataDir;

    /** The embedded datasource URL exactly as application.yml has it, with the data directory filled in. */
    static String embeddedUrl(Path dataDir) {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        Properties properties = yaml.getObject();
        String url = properties.getProperty("spring.datasource.url");
        assertThat(url).contains("${sandbox.data-dir}");
        return url.replace("${sandbox.data-dir}", dataDir.toAbsolutePath().toString());
    }

    @Test
    void everyAcknowledgedCommitOfTheEmbeddedDefaultSurvivesKillMinus9() throws Exception {
        String url = embeddedUrl(dataDir);
        assertThat(EmbeddedDurability.problem(url)).isEmpty();
        List<Long> acknowledged = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            acknowledged.addAll(crashAfterAcks(url, ThreadLocalRandom.current().nextInt(20, 120)));
            TreeSet<Long> stored = storedIds(url);
            assertThat(stored).as("round %d: every acknowledged write is there after the crash", round).containsAll(acknowledged);
        }
        assertThat(acknowledged).hasSizeGreaterThan(80);
    }

    @Test
    void h2sStockSettingsLoseAcknowledgedCommitsUnderTheSameCrash() throws Exception {
        String stock = "jdbc:h2:file:" + dataDir.toAbsolutePath() + "/db/stock;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        assertThat(EmbeddedDurability.problem(stock)).isPresent();
        int lost = 0;
        for (int round = 0; round < 5 && lost == 0; round++) {
            List<Long> acked = crashAfterAcks(stock, 30);
            TreeSet<Long> stored = storedIds(stock);
            lost += (int) acked.stream().filter(id -> !stored.contains(id)).count();
        }
        assertThat(lost).as("the harness detects lost acknowledged writes").isPositive();
    }

    /** Starts a writer, reads {@code acks} acknowledgements, kills it with SIGKILL at once; returns the acknowledged ids. */
    private static List<Long> crashAfterAcks(String url, int acks) throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), url)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Long> acked = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acked.size() < acks && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked.add(Long.parseLong(line.substring(4)));
                }
            }
            writer.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
        }
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(acked).as("the writer acknowledged commits before it was killed").hasSize(acks);
        return acked;
    }

    private static TreeSet<Long> storedIds(String url) throws Exception {
        DsyncFilePath.register();
        TreeSet<Long> ids = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement()) {
            // A crash may even lose the table's creation; then nothing is stored.
            s.execute("CREATE TABLE IF NOT EXISTS acked (id BIGINT PRIMARY KEY, payload VARCHAR(200))");
            try (ResultSet rs = s.executeQuery("SELECT id FROM acked")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }
}
