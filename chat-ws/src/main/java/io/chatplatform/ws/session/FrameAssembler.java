package io.chatplatform.ws.session;

/**
 * Puts a frame back together from the parts the container delivers through its small per-session buffer, up to
 * the largest frame allowed. Nothing is allocated unless a frame actually spans parts. One thread at a time: the
 * container delivers a session's parts in order.
 */
final class FrameAssembler {

    private StringBuilder text;
    private long binaryBytes;

    /**
     * Adds a part of a text frame.
     *
     * @return the whole frame once its last part arrived, else null
     * @throws TooLarge when the frame grows past {@code maxChars}
     */
    String text(String part, boolean last, long maxChars) {
        if (text == null) {
            if (last) {
                if (part.length() > maxChars) {
                    throw new TooLarge();
                }
                return part;
            }
            text = new StringBuilder(part.length() * 2);
        }
        if (text.length() + part.length() > maxChars) {
            text = null;
            throw new TooLarge();
        }
        text.append(part);
        if (!last) {
            return null;
        }
        String whole = text.toString();
        text = null;
        return whole;
    }

    /**
     * Counts a part of a binary frame, which is never kept.
     *
     * @return whether it was the last part
     * @throws TooLarge when the frame grows past {@code maxBytes}
     */
    boolean binary(int partBytes, boolean last, long maxBytes) {
        binaryBytes += partBytes;
        if (binaryBytes > maxBytes) {
            binaryBytes = 0;
            throw new TooLarge();
        }
        if (last) {
            binaryBytes = 0;
        }
        return last;
    }

    /** A frame longer than the configured maximum. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }
}
