package io.faultline.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FieldsTest {

    /** Stored records must stay byte-identical to what the JDK's form encoder wrote before. */
    @Test
    void encodesExactlyAsTheJdkFormEncoder() {
        // Letters, the safe marks, space, reserved marks, accents, the euro sign, an emoji (a
        // surrogate pair), a lone high and a lone low surrogate, and control characters.
        String alphabet = "aZ09.-*_ ~+&=%/\u00e9\u20ac\ud83d\ude00\ud800\udc00\t\n";
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 5_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            StringBuilder ours = new StringBuilder();
            Fields.appendEncoded(ours, text.toString());
            assertEquals(URLEncoder.encode(text.toString(), StandardCharsets.UTF_8),
                ours.toString(), "encoding of '" + text + "'");
        }
    }

    @Test
    void decodesWhatItEncodes() {
        Map<String, String> fields = new TreeMap<>(Map.of("a b", "x&y=z%", "last4", "4242",
            "note", "caf\u00e9 \u20ac \ud83d\ude00", "empty", ""));
        String text = Fields.encode(fields);
        assertEquals("a+b=x%26y%3Dz%25&empty=&last4=4242&note=caf%C3%A9+%E2%82%AC+%F0%9F%98%80",
            text);
        assertEquals(fields, Fields.decode(text));
    }

    @Test
    void encodesInKeyOrderWhateverTheMapsOwnOrder() {
        Map<String, String> insertion = new LinkedHashMap<>();
        insertion.put("b", "2");
        insertion.put("a", "1");
        TreeMap<String, String> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.putAll(insertion);
        assertEquals("a=1&b=2", Fields.encode(insertion));
        assertEquals("a=1&b=2", Fields.encode(reversed));
        assertEquals("a=1&b=2", Fields.encode(new TreeMap<>(insertion)));
    }

    @Test
    void aFieldWithoutEqualsSignIsCorrupt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Fields.decode("a=1&b"));
        assertEquals("a stored record has a field without '=': 'b'", e.getMessage());
    }
}
