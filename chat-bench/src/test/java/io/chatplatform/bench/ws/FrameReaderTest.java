package io.chatplatform.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

    private final List<String> texts = new ArrayList<>();
    private final FrameReader.Sink sink = (opcode, fin, buffer, offset, length) ->
            texts.add(opcode + ":" + new String(buffer, offset, length, StandardCharsets.UTF_8));

    @Test
    void framesSplitAcrossReadsAreReassembledAndNothingIsKeptAfterwards() {
        byte[] stream = concat(serverText("{\"type\":\"READY\"}"), serverText("x".repeat(300)));
        FrameReader reader = new FrameReader();

        for (int i = 0; i < stream.length; i += 7) {
            reader.feed(stream, i, Math.min(7, stream.length - i), sink);
        }

        assertThat(texts).containsExactly("1:{\"type\":\"READY\"}", "1:" + "x".repeat(300));
        assertThat(reader.heldBytes()).isZero();
    }

    @Test
    void maskedFramesAreUnmasked() {
        byte[] frame = WsFrames.text("{\"type\":\"PING\"}");

        new FrameReader().feed(frame, 0, frame.length, sink);

        assertThat(texts).containsExactly("1:{\"type\":\"PING\"}");
    }

    @Test
    void a64KiBFrameUsesTheEightByteLength() {
        String big = "y".repeat(70_000);
        byte[] frame = WsFrames.text(big);

        new FrameReader().feed(frame, 0, frame.length, sink);

        assertThat(frame[1] & 0x7F).isEqualTo(127);
        assertThat(texts).containsExactly("1:" + big);
    }

    private static byte[] serverText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int header = payload.length < 126 ? 2 : 4;
        byte[] frame = new byte[header + payload.length];
        frame[0] = (byte) 0x81;
        if (payload.length < 126) {
            frame[1] = (byte) payload.length;
        } else {
            frame[1] = 126;
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        }
        System.arraycopy(payload, 0, frame, header, payload.length);
        return frame;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
