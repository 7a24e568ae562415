package io.echotune.playlist.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.playlist.Playlist;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/** A playlist version as a downloadable file in one of the {@link ExportFormat}s. */
@ApplicationScoped
public class PlaylistExporter {

    /** The file's bytes, media type and the download name for Content-Disposition. */
    public record ExportFile(String filename, String mediaType, byte[] body) {
    }

    private final ObjectMapper json;

    public PlaylistExporter(ObjectMapper json) {
        this.json = json;
    }

    public ExportFile export(Playlist playlist, ExportFormat format) {
        String text = switch (format) {
            case JSON -> toJson(playlist);
            case CSV -> CsvExport.write(playlist);
            case M3U8 -> M3u8Export.write(playlist);
            case XSPF -> XspfExport.write(playlist);
        };
        return new ExportFile(filename(playlist) + "." + format.extension(), format.mediaType(),
                text.getBytes(StandardCharsets.UTF_8));
    }

    private String toJson(Playlist playlist) {
        try {
            return json.writeValueAsString(playlist);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the playlist as JSON", e);
        }
    }

    /** An ASCII file name from the playlist's name and version (safe in any Content-Disposition parser). */
    static String filename(Playlist playlist) {
        String ascii = Normalizer.normalize(playlist.name(), Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return (slug.isEmpty() ? "playlist" : slug) + "-v" + playlist.version();
    }
}
