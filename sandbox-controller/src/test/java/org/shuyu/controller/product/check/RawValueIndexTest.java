package org.shuyu.controller.product.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.demo.DemoData;

/**
 * The fingerprint index of the NO_RAW_VALUES check, by value: sentinel raw values are found whole and inside longer
 * cells whatever their case, salted SHA-256 masks of the same values are not, and the index holds no raw value.
 */
@Tag("R-19b")
@Tag("R-24b")
class RawValueIndexTest {
    private static final String IDS = "social.contributions.person_id_number";
    private static final String NAMES = "social.contributions.person_name";
    private static final String SENTINEL_ID = "330203196001010017";
    private static final String SENTINEL_NAME = "Qzxv Sentinelname";

    private static RawValueIndex index(String... idsThenNames) {
        RawValueIndexBuilder b = RawValueIndex.builder(new Random(7));
        for (String v : idsThenNames) {
            b.add(Character.isDigit(v.charAt(0)) ? IDS : NAMES, v);
        }
        return b.build();
    }

    @Test
    void findsAWholeCellIgnoringCaseAndSurroundingSpace() {
        RawValueIndex index = index(SENTINEL_ID, SENTINEL_NAME);
        assertThat(index.scan("  " + SENTINEL_NAME.toUpperCase(Locale.ROOT) + "\t"))
                .contains(new RawValueIndex.Match(NAMES, true));
        assertThat(index.scan(SENTINEL_ID)).contains(new RawValueIndex.Match(IDS, true));
        assertThat(index.scan("Qzxv Sentinelnam")).isEmpty();
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void findsARawValueInsideALongerCellSuchAsAWholeCsvLine() {
        RawValueIndex index = index(SENTINEL_ID, SENTINEL_NAME, "13805740017");
        String line = "91330200MA00000017X,Ningbo Demo Enterprise 17 Co.,qzxv sentinelname," + SENTINEL_ID + ",13805740017";
        assertThat(index.scan(line)).isPresent().get().extracting(RawValueIndex.Match::whole).isEqualTo(false);
        assertThat(index.scan("id=" + SENTINEL_ID + ";")).contains(new RawValueIndex.Match(IDS, false));
        assertThat(index.scan("phone 13805740017 ext")).isPresent();
        assertThat(index.scanAll(line, new RawValueIndex.Scratch())).extracting(RawValueIndex.Match::source)
                .containsExactlyInAnyOrder(NAMES, IDS);
        // A prefix or a shifted window is not the value.
        assertThat(index.scan("id=" + SENTINEL_ID.substring(0, 17) + ";")).isEmpty();
        assertThat(index.scan("x" + SENTINEL_ID.substring(1) + "9")).isEmpty();
    }

    @Test
    void hexLikeIdentifiersMatchWhateverTheirCase() {
        RawValueIndex index = RawValueIndex.builder(new Random(1)).add("utility.usage.account", "EA00FF12CD").build();
        assertThat(index.scan("meter ea00ff12cd")).contains(new RawValueIndex.Match("utility.usage.account", false));
        assertThat(index.scan("EA00FF12CD")).contains(new RawValueIndex.Match("utility.usage.account", true));
        assertThat(index.scan("Ea00fF12Cd!")).isPresent();
    }

    @Test
    void saltedHashesOfMaskedValuesAreNotRawValues() {
        RawValueIndexBuilder b = RawValueIndex.builder(new Random(3));
        List<String> raw = new ArrayList<>();
        for (int p = 0; p < 20_000; p++) {
            raw.add(DemoData.idNumber(p));
            raw.add("1380574" + String.format("%04d", p % 10_000));
            raw.add(String.format("%06x", p * 7919));   // short hex-like values: the likeliest chance matches
            raw.add(String.format("%08X", p * 104729L));
        }
        raw.forEach(v -> b.add(IDS, v));
        RawValueIndex index = b.build();
        String salt = "platform-mask-salt";
        for (String v : raw) {
            String hash = sha256(salt + v);
            assertThat(index.scan(hash)).as("sha2 of a raw value").isEmpty();
            assertThat(index.scan(hash.toUpperCase(Locale.ROOT))).as("upper(sha2) of a raw value").isEmpty();
        }
        // A raw ID-card number spliced into hex is still found: 18 digits cannot occur in a digest by chance.
        String spliced = sha256("x").substring(0, 20) + DemoData.idNumber(5) + sha256("y").substring(0, 26);
        assertThat(spliced).hasSize(64);
        assertThat(index.scan(spliced)).contains(new RawValueIndex.Match(IDS, false));
    }

    @Test
    void longNumbersDoNotMatchPhoneNumbersByChanceButAWholeNumericCellDoes() {
        RawValueIndexBuilder b = RawValueIndex.builder(new Random(5));
        for (int p = 0; p < 100_000; p++) {
            b.add("registry.enterprises.phone", "138" + String.format("%08d", p * 997L % 100_000_000));
        }
        for (int p = 0; p < 1_000; p++) {
            b.add(IDS, DemoData.idNumber(p));
        }
        RawValueIndex index = b.build();
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            String sum = (random.nextLong() & Long.MAX_VALUE) + "." + String.format("%018d", random.nextLong() & 0xFFFFFFFFFFFFL);
            assertThat(index.scan(sum)).as(sum).isEmpty();
        }
        assertThat(index.scan("13800000997")).contains(new RawValueIndex.Match("registry.enterprises.phone", true));
        String id = DemoData.idNumber(3);
        assertThat(id).matches("\\d{18}");
        assertThat(index.scan("7" + id + ".25")).as("18 digits inside a number are not chance")
                .contains(new RawValueIndex.Match(IDS, false));
    }

    @Test
    void shortValuesMatchOnlyAWholeCellAndShortNumbersNotAtAll() {
        RawValueIndex index = RawValueIndex.builder(new Random(2)).add(NAMES, "Li Na").add(IDS, "12345").build();
        assertThat(index.scan("li na")).contains(new RawValueIndex.Match(NAMES, true));
        assertThat(index.scan("Li Nan lives here")).isEmpty();
        assertThat(index.scan("12345")).as("a number this short is indistinguishable from a count").isEmpty();
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void aQuasiIdentifierIsLookedForOnlyWhereItSinglesOutFewerThanKSubjects() {
        RawValueIndexBuilder b = RawValueIndex.builder(new Random(4));
        for (int person = 0; person < 5; person++) {
            b.addRare("x.people.birthplace", "Common Village", "person-" + person, 5);
        }
        for (int person = 0; person < 4; person++) {
            b.addRare("x.people.birthplace", "Rare Hamlet", "person-" + person, 5);
        }
        for (int month = 0; month < 12; month++) {
            b.addRare("x.people.birthplace", "Lonely Island", "person-9", 5); // one person, many rows
        }
        RawValueIndex index = b.build();
        assertThat(index.scan("Common Village")).isEmpty();
        assertThat(index.scan("Rare Hamlet")).contains(new RawValueIndex.Match("x.people.birthplace", true));
        assertThat(index.scan("from lonely island, 1985")).isPresent();
    }

    @Test
    void theIndexHoldsNoRawValue() throws Exception {
        RawValueIndex index = index(SENTINEL_ID, SENTINEL_NAME, "EA00FF12CD");
        assertThat(index.scan(SENTINEL_ID)).isPresent();
        List<String> found = new ArrayList<>();
        walk(index, new IdentityHashMap<>(), found, List.of(SENTINEL_ID, SENTINEL_NAME.toLowerCase(Locale.ROOT),
                SENTINEL_NAME, "ea00ff12cd"));
        assertThat(found).isEmpty();
    }

    /** Every object reachable from {@code o} through fields and arrays; strings and char arrays holding a needle. */
    private static void walk(Object o, Map<Object, Boolean> seen, List<String> found, List<String> needles)
            throws IllegalAccessException {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        Class<?> type = o.getClass();
        if (o instanceof String s) {
            needles.stream().filter(s::contains).forEach(n -> found.add("string holding " + n));
            return;
        }
        if (o instanceof char[] chars) {
            String s = new String(chars);
            needles.stream().filter(s::contains).forEach(n -> found.add("char[] holding " + n));
            return;
        }
        if (type.isArray()) {
            if (!type.getComponentType().isPrimitive()) {
                for (int i = 0; i < Array.getLength(o); i++) {
                    walk(Array.get(o, i), seen, found, needles);
                }
            }
            return;
        }
        if (type.getName().startsWith("java.")) {
            if (o instanceof Iterable<?> items) {
                for (Object item : items) {
                    walk(item, seen, found, needles);
                }
            }
            return;
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                f.setAccessible(true);
                walk(f.get(o), seen, found, needles);
            }
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
