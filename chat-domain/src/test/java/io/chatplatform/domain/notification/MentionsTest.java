package io.chatplatform.domain.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MentionsTest {

    static final Set<String> MEMBERS = Set.of("bob", "carol.x", "dave:ops", "eve_1", "frank-2", "bob.smith");

    @Test
    void mentionEndsAtWhitespaceAndAtPunctuationOutsideTheIdAlphabet() {
        assertThat(Mentions.resolve("hi @bob, and @carol.x! and (@eve_1) @frank-2?", MEMBERS))
                .containsExactly("bob", "carol.x", "eve_1", "frank-2");
    }

    @Test
    void idCharactersThatAlsoEndSentencesAreDroppedWhenTheLongerIdIsNoMember() {
        assertThat(Mentions.resolve("thanks @bob. Also @dave:ops: ping", MEMBERS)).containsExactly("bob", "dave:ops");
        assertThat(Mentions.resolve("@bob.smith.", MEMBERS)).containsExactly("bob.smith");
    }

    @Test
    void onlyCandidatesAreMentionedAndEachOnce() {
        assertThat(Mentions.resolve("@mallory @bob @bob @bobby", MEMBERS)).containsExactly("bob");
    }

    @Test
    void anAtSignInsideAWordIsNoMention() {
        assertThat(Mentions.resolve("mail me at x@bob or @@bob", MEMBERS)).containsExactly("bob");
        assertThat(Mentions.resolve("nothing here", MEMBERS)).isEmpty();
        assertThat(Mentions.resolve("@", MEMBERS)).isEmpty();
    }

    @Test
    void onlyTheFirstDistinctMembersUpToTheCapAreMentioned() {
        assertThat(Mentions.resolve("@mallory @bob @bob @eve_1 @carol.x @frank-2", MEMBERS, 3))
                .containsExactly("bob", "eve_1", "carol.x");
    }

    @Test
    void mentionsMayUseAnyLetters() {
        assertThat(Mentions.resolve("grüß @jürgen", Set.of("jürgen"))).containsExactly("jürgen");
    }

    @Test
    void excerptKeepsShortBodiesAndCutsLongOnesWithoutSplittingACharacter() {
        assertThat(Mentions.excerpt("short")).isEqualTo("short");
        String longBody = "x".repeat(139) + "😀" + "tail";
        String excerpt = Mentions.excerpt(longBody);
        assertThat(excerpt).isEqualTo("x".repeat(139) + "…");
        assertThat(Mentions.excerpt("y".repeat(200))).hasSize(Mentions.EXCERPT_LENGTH + 1);
    }
}
