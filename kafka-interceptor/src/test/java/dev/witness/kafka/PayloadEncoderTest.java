package dev.witness.kafka;

import dev.witness.kafka.internal.PayloadEncoder;
import dev.witness.recorder.event.Payload;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadEncoderTest {
    private final PayloadEncoder small = new PayloadEncoder(16, 8);

    @Test
    void textStaysTextAndBinaryBecomesBase64() {
        assertEquals(new Payload("héllo", Payload.UTF8, 6, false, null),
                small.bytes("héllo".getBytes(StandardCharsets.UTF_8)));
        byte[] nul = {'a', 0, 'b'};
        Payload p = small.bytes(nul);
        assertEquals(Payload.BASE64, p.encoding());
        assertArrayEquals(nul, Base64.getDecoder().decode(p.text()));
        assertEquals(Payload.BASE64, small.bytes(new byte[]{(byte) 0xC3}).encoding(), "malformed UTF-8");
        assertNull(small.bytes(null));
        assertEquals("", small.bytes(new byte[0]).text());
    }

    @Test
    void valuesAtTheCapAreCutAtACharacterBoundaryWithTheDigestOfTheWhole() throws Exception {
        byte[] text = "aaaaaaaé€€€€€€€".getBytes(StandardCharsets.UTF_8); // é straddles byte 8
        Payload p = small.bytes(text);
        assertTrue(p.truncated());
        assertEquals("aaaaaaa", p.text());
        assertEquals(text.length, p.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text)), p.sha256());
        byte[] fifteen = "123456789012345".getBytes(StandardCharsets.UTF_8);
        assertEquals(false, small.bytes(fifteen).truncated(), "one byte below the cap is whole");
        byte[] binary = new byte[16];
        binary[0] = (byte) 0xFF;
        Payload b = small.bytes(binary);
        assertTrue(b.truncated());
        assertEquals(Payload.BASE64, b.encoding());
        assertEquals(8, Base64.getDecoder().decode(b.text()).length);
    }

    @Test
    void objectsOfKafkasOwnTypesAreRecordedAsTheirBytes() {
        assertEquals("abc", small.object(ByteBuffer.wrap("xabc".getBytes(StandardCharsets.UTF_8), 1, 3)).text());
        assertEquals("42", small.object(42).text());
        assertEquals("s", small.object("s").text());
    }
}
