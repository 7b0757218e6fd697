package io.prescale.planner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Sha256Test {

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource({
        // FIPS 180-4's examples
        "'', e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "abc, ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq, "
                + "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    })
    void hex_publishedExamples(String text, String digest) {
        assertEquals(digest, Sha256.hex(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void digest_equalsTheJdks_atEveryLengthAroundTheBlocks_andInPieces() throws Exception {
        // every length to 300 bytes (the padding's edges at 55, 56, 63 and 64 within), then larger files, each
        // whole and fed in random pieces
        Random random = new Random(3);
        for (int n = 0; n < 400; n++) {
            int length = n < 300 ? n : random.nextInt(100_000);
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String want = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            assertEquals(want, Sha256.hex(bytes), "length " + length);
            Sha256 pieces = new Sha256();
            for (int at = 0; at < length; ) {
                int to = Math.min(length, at + random.nextInt(150));
                pieces.update(java.util.Arrays.copyOfRange(bytes, at, to));
                at = to;
            }
            assertEquals(want, HexFormat.of().formatHex(pieces.digest()), "length " + length + " in pieces");
        }
    }
}
