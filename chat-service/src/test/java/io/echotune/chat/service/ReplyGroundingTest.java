package io.echotune.chat.service;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A remote reply may name only what the facts hold. */
class ReplyGroundingTest {

    private static final String FACTS = "{\"tracks\":[{\"name\":\"Holocene\",\"artists\":[\"Bon Iver\"]},"
            + "{\"name\":\"Pink Moon\",\"artists\":[\"Nick Drake\"]}],\"trackCount\":2}";

    @Test
    void aReplyStatingTheFactsIsGrounded() {
        assertEquals(List.of(), ReplyGrounding.ungrounded(
                "Here are 2 calm picks: \"Holocene\" by Bon Iver and \"Pink Moon\" by Nick Drake.", FACTS));
        assertEquals(List.of(), ReplyGrounding.ungrounded("I'll keep these coming, don't worry: 2 tracks.", FACTS));
    }

    @Test
    void anInventedArtistTitleOrNumberIsCaught() {
        assertEquals(List.of("name Taylor Swift"), ReplyGrounding.ungrounded(
                "Here are your tracks, including a gem by Taylor Swift.", FACTS));
        assertEquals(List.of("title Cardigan"), ReplyGrounding.ungrounded("Start with \"Cardigan\".", FACTS));
        assertEquals(List.of("number 20"), ReplyGrounding.ungrounded("Here are 20 tracks.", FACTS));
        assertEquals(List.of("name Phoebe Bridgers"), ReplyGrounding.ungrounded(
                "Songs by Bon Iver and Phoebe Bridgers.", FACTS), "each artist of a list is checked");
    }
}
