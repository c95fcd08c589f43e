package io.chatplatform.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a reaction may name: one emoji, of every shape Unicode gives one, and nothing else. Code points are spelled
 * out so that the table says exactly what is tested.
 */
class ReactionEmojiTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            thumbs up                                  | 1F44D
            red heart, fully qualified                 | 2764 FE0F
            red heart, text default without FE0F        | 2764
            grinning face                              | 1F600
            thumbs up, medium skin tone                | 1F44D 1F3FD
            waving hand, dark skin tone                | 1F44B 1F3FF
            family man woman girl boy (ZWJ)            | 1F468 200D 1F469 200D 1F467 200D 1F466
            rainbow flag (ZWJ with FE0F)               | 1F3F3 FE0F 200D 1F308
            pirate flag                                | 1F3F4 200D 2620 FE0F
            kiss with two skin tones                   | 1F9D1 1F3FB 200D 2764 FE0F 200D 1F48B 200D 1F9D1 1F3FC
            woman with red hair (hair component)       | 1F469 200D 1F9B0
            polar bear                                 | 1F43B 200D 2744 FE0F
            flag of Germany                            | 1F1E9 1F1EA
            flag of Japan                              | 1F1EF 1F1F5
            flag of Scotland (tag sequence)            | 1F3F4 E0067 E0062 E0073 E0063 E0074 E007F
            keycap hash                                | 23 FE0F 20E3
            keycap one, without FE0F                   | 31 20E3
            keycap asterisk                            | 2A FE0F 20E3
            copyright sign, emoji presentation         | A9 FE0F
            mahjong red dragon                         | 1F004
            face with spiral eyes (Unicode 13.1)       | 1F635 200D 1F4AB
            shaking face (Unicode 15)                  | 1FAE8
            """)
    void acceptsOneEmoji(String name, String codePoints) {
        String emoji = text(codePoints);

        assertThat(ReactionEmoji.isOneEmoji(emoji)).as(name).isTrue();
        assertThat(ReactionEmoji.require(emoji)).isEqualTo(emoji);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a letter                                   | 61
            a word                                     | 6F 6B
            a digit alone                              | 31
            a hash sign alone                          | 23
            two emoji                                  | 1F44D 1F44D
            two different emoji                        | 1F600 2764 FE0F
            emoji and text                             | 1F44D 61
            two flags                                  | 1F1E9 1F1EA 1F1EF 1F1F5
            one regional indicator                     | 1F1E9
            three regional indicators                  | 1F1E9 1F1EA 1F1EF
            a skin tone alone                          | 1F3FD
            a skin tone after an emoji that takes none | 2764 1F3FD
            two skin tones                             | 1F44D 1F3FD 1F3FD
            text presentation selector                 | 2764 FE0E
            a ZWJ at the end                           | 1F468 200D
            a ZWJ at the start                         | 200D 1F468
            ZWJ to a letter                            | 1F468 200D 61
            a lone variation selector                  | FE0F
            keycap sign alone                          | 20E3
            keycap on a letter                         | 61 FE0F 20E3
            tag sequence without its end               | 1F3F4 E0067 E0062
            tags on another emoji                      | 1F600 E0067 E007F
            a star that is not an emoji                | 2606
            a ballot box that is not an emoji          | 2610
            a Chinese character                        | 4E2D
            a combining accent on an emoji             | 1F44D 301
            an unpaired high surrogate                 | D83D
            a space                                    | 20
            an emoji and a space                       | 1F44D 20
            NUL                                        | 0
            an unassigned code point in an emoji block | 1FAFF
            """)
    void refusesAnythingElse(String name, String codePoints) {
        String text = text(codePoints);

        assertThat(ReactionEmoji.isOneEmoji(text)).as(name).isFalse();
        DomainException refused = catchThrowableOfType(DomainException.class, () -> ReactionEmoji.require(text));
        assertThat(refused.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void refusesNothingAndTextLongerThanTheLimit() {
        assertThat(ReactionEmoji.isOneEmoji(null)).isFalse();
        assertThat(ReactionEmoji.isOneEmoji("")).isFalse();
        String longZwjChain = text("1F468" + " 200D 1F468".repeat(10)); // 32 UTF-16 units: 11 men joined by 10 ZWJ
        assertThat(longZwjChain).hasSize(32);
        assertThat(ReactionEmoji.isOneEmoji(longZwjChain)).isTrue();
        String tooLong = longZwjChain + text("200D 2764");
        assertThat(ReactionEmoji.isOneEmoji(tooLong)).isFalse();
        assertThat(catchThrowableOfType(DomainException.class, () -> ReactionEmoji.require(tooLong)).getMessage())
                .contains("32");
    }

    /** The text of code points written in hex, separated by spaces; lone surrogates stay lone. */
    private static String text(String codePoints) {
        StringBuilder text = new StringBuilder();
        for (String point : codePoints.trim().split("\\s+")) {
            text.appendCodePoint(Integer.parseInt(point, 16));
        }
        return text.toString();
    }
}
