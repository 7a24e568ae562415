package io.echotune.commons.music;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpotifyTrackIdsTest {

    private static final String ID = "4uLU6hMCjMI75M1A2tKUQC";

    @Test
    void bareIdsAndTrackUrisGiveTheId() {
        assertEquals(Optional.of(ID), SpotifyTrackIds.parse(ID));
        assertEquals(Optional.of(ID), SpotifyTrackIds.parse("spotify:track:" + ID));
        assertEquals(Optional.of(ID), SpotifyTrackIds.parse("  spotify:track:" + ID + "\n"));
        assertEquals("spotify:track:" + ID, SpotifyTrackIds.uri(ID));
    }

    @Test
    void anythingElseIsNoTrackId() {
        for (String other : new String[]{null, "", "   ", ID.substring(1), ID + "x", ID.replace('U', '-'),
                "spotify:episode:" + ID, "spotify:track:", "spotify:track:" + ID.substring(2), "spotify:track:spotify:track:" + ID,
                ID.substring(0, 21) + "é", "spotify:local:Artist:Album:Title:215"}) {
            assertEquals(Optional.empty(), SpotifyTrackIds.parse(other), String.valueOf(other));
        }
    }
}
