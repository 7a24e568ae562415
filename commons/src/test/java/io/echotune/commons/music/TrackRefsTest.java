package io.echotune.commons.music;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackRefsTest {

    private static final String ID = "4uLU6hMCjMI75M1A2tKUQC";

    @Test
    void spotifyIdsAndUrisParseToTheBareId() {
        assertEquals(Optional.of(ID), TrackRefs.parse(ID));
        assertEquals(Optional.of(ID), TrackRefs.parse("spotify:track:" + ID));
        assertEquals("spotify:track:" + ID, TrackRefs.trackKey(ID));
        assertEquals("spotify:track:" + ID, TrackRefs.spotifyUri(ID));
        assertEquals("https://open.spotify.com/track/" + ID, TrackRefs.openUrl(ID, "Rick Astley", "Never"));
    }

    @Test
    void aNormalisedNameKeyIsARefOfItsOwn() {
        String key = TrackNames.nameKey("Beyoncé", "Halo  ");
        assertEquals("name:beyonce|halo", key);
        assertEquals(Optional.of(key), TrackRefs.parse(key));
        assertEquals(key, TrackRefs.trackKey(key));
        assertNull(TrackRefs.spotifyUri(key));
        assertEquals(key, TrackRefs.fromTrackKey(key));
        assertEquals(ID, TrackRefs.fromTrackKey("spotify:track:" + ID));
        assertEquals("https://open.spotify.com/search/Beyonc%C3%A9%20Halo", TrackRefs.openUrl(key, "Beyoncé", "Halo"));
    }

    @Test
    void aTitleWithABarStaysOneKey() {
        String key = TrackNames.nameKey("AC/DC", "T.N.T. | Live");
        assertTrue(TrackRefs.isNameKey(key));
    }

    @Test
    void anythingElseIsRejected() {
        for (String bad : new String[]{null, "", "name:", "name:|", "name:abc|", "name:|abc", "name:Beyonce|Halo",
                "name:beyonce|halo ", "name:beyonce  x|halo", "nam:beyonce|halo", "spotify:track:short",
                "name:a|" + "x".repeat(TrackRefs.MAX_NAME_KEY_LENGTH)}) {
            assertFalse(TrackRefs.parse(bad).isPresent(), "accepted " + bad);
        }
    }
}
