package io.chatplatform.bench.ws;

/**
 * Cuts a byte stream into WebSocket frames. Complete frames are handed out straight from the bytes that were read;
 * only the tail of a frame that straddles two reads is copied and kept, so an idle connection holds no buffer.
 */
final class FrameReader {

    /** Receives one frame; the payload is valid only during the call. */
    interface Sink {
        void frame(int opcode, boolean fin, byte[] buffer, int offset, int length);
    }

    static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final byte[] EMPTY = new byte[0];
    private static final int KEEP_AT_MOST = 4096;

    private byte[] held = EMPTY;
    private int heldLength;

    /** Parses every complete frame in {@code held + bytes}; keeps the incomplete rest. */
    void feed(byte[] bytes, int offset, int length, Sink sink) {
        if (heldLength == 0) {
            int used = parse(bytes, offset, length, sink);
            keep(bytes, offset + used, length - used);
            return;
        }
        append(bytes, offset, length);
        int used = parse(held, 0, heldLength, sink);
        int rest = heldLength - used;
        if (rest == 0) {
            heldLength = 0;
            if (held.length > KEEP_AT_MOST) {
                held = EMPTY;
            }
        } else {
            System.arraycopy(held, used, held, 0, rest);
            heldLength = rest;
        }
    }

    int heldBytes() {
        return heldLength;
    }

    private void keep(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        append(bytes, offset, length);
    }

    private void append(byte[] bytes, int offset, int length) {
        int needed = heldLength + length;
        if (needed > held.length) {
            byte[] bigger = new byte[Math.max(needed, Math.max(256, held.length * 2))];
            System.arraycopy(held, 0, bigger, 0, heldLength);
            held = bigger;
        }
        System.arraycopy(bytes, offset, held, heldLength, length);
        heldLength = needed;
    }

    /** @return how many bytes the complete frames took */
    static int parse(byte[] b, int offset, int length, Sink sink) {
        int pos = offset;
        int end = offset + length;
        while (end - pos >= 2) {
            int b0 = b[pos] & 0xFF;
            int b1 = b[pos + 1] & 0xFF;
            boolean masked = (b1 & 0x80) != 0;
            long payload = b1 & 0x7F;
            int header = 2;
            if (payload == 126) {
                if (end - pos < 4) {
                    break;
                }
                payload = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
                header = 4;
            } else if (payload == 127) {
                if (end - pos < 10) {
                    break;
                }
                payload = 0;
                for (int i = 0; i < 8; i++) {
                    payload = (payload << 8) | (b[pos + 2 + i] & 0xFF);
                }
                header = 10;
            }
            if (payload > MAX_FRAME) {
                throw new IllegalStateException("frame of " + payload + " bytes exceeds " + MAX_FRAME);
            }
            int maskAt = pos + header;
            if (masked) {
                header += 4;
            }
            if (end - pos < header + payload) {
                break;
            }
            int start = pos + header;
            if (masked) {
                for (int i = 0; i < payload; i++) {
                    b[start + i] ^= b[maskAt + (i & 3)];
                }
            }
            sink.frame(b0 & 0x0F, (b0 & 0x80) != 0, b, start, (int) payload);
            pos = start + (int) payload;
        }
        return pos - offset;
    }
}
