package io.echotune.playlist.export;

import io.echotune.playlist.Playlist;
import io.echotune.playlist.PlaylistTrack;

/**
 * Extended M3U in UTF-8: {@code #EXTM3U}, then per track {@code #EXTINF:<seconds>,<Artist> - <Title>} and its
 * open.spotify.com URL. Seconds are -1 when the duration is unknown (the format's convention). Line breaks inside a
 * name would start a new entry, so they become spaces.
 */
final class M3u8Export {

    private M3u8Export() {
    }

    static String write(Playlist playlist) {
        StringBuilder out = new StringBuilder("#EXTM3U\n");
        out.append("#PLAYLIST:").append(oneLine(playlist.name())).append('\n');
        for (PlaylistTrack t : playlist.tracks()) {
            long seconds = t.durationMs() == null ? -1 : Math.round(t.durationMs() / 1000.0);
            String title = t.name() == null ? t.trackId() : t.name();
            String label = t.artistLine().isEmpty() ? title : t.artistLine() + " - " + title;
            out.append("#EXTINF:").append(seconds).append(',').append(oneLine(label)).append('\n');
            out.append(t.spotifyUrl()).append('\n');
        }
        return out.toString();
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }
}
