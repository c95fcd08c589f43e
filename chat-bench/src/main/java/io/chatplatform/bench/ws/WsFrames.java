package io.chatplatform.bench.ws;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Encodes client frames, which RFC 6455 requires to be masked. */
public final class WsFrames {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private WsFrames() {
    }

    /** A complete, masked text frame. */
    public static byte[] text(String text) {
        return frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] close(int code) {
        return frame(CLOSE, new byte[] {(byte) (code >> 8), (byte) code});
    }

    static byte[] frame(int opcode, byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + 4 + length];
        frame[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            frame[1] = (byte) (0x80 | length);
        } else if (length <= 0xFFFF) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >> (56 - 8 * i));
            }
        }
        int mask = ThreadLocalRandom.current().nextInt();
        int maskAt = header;
        frame[maskAt] = (byte) (mask >> 24);
        frame[maskAt + 1] = (byte) (mask >> 16);
        frame[maskAt + 2] = (byte) (mask >> 8);
        frame[maskAt + 3] = (byte) mask;
        int payloadAt = header + 4;
        for (int i = 0; i < length; i++) {
            frame[payloadAt + i] = (byte) (payload[i] ^ frame[maskAt + (i & 3)]);
        }
        return frame;
    }
}
