package io.echotune.recommender.support;

import io.echotune.commons.music.TrackNames;
import io.echotune.commons.music.catalog.ArtistGenres;
import io.echotune.commons.music.catalog.CatalogMerger;
import io.echotune.commons.music.catalog.CatalogTrack;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog documents exactly as the ingestion service's catalog loader writes them (tracks, artists, track_names,
 * catalog_meta), made from the commons reader's records.
 */
public final class CatalogDocuments {

    private CatalogDocuments() {
    }

    public static Document track(CatalogTrack t, Date updatedAt) {
        Document d = new Document("_id", t.id()).append("name", t.name()).append("artists", t.artists())
                .append("album", t.album()).append("genres", t.genres())
                .append("features", new Document(new LinkedHashMap<>(t.features().asMap())));
        if (t.popularity() != null) {
            d.append("popularity", t.popularity());
        }
        if (t.durationMs() != null) {
            d.append("durationMs", t.durationMs());
        }
        if (t.explicit() != null) {
            d.append("explicit", t.explicit());
        }
        if (t.releaseYear() != null) {
            d.append("releaseYear", t.releaseYear());
        }
        return d.append("playlists", t.playlists()).append("sources", t.sources()).append("updatedAt", updatedAt);
    }

    public static Document artist(ArtistGenres a) {
        return new Document("_id", a.key()).append("name", a.name()).append("genres", a.genres());
    }

    /** One name key per (credited artist, title), the first track in id order winning. */
    public static List<Document> trackNames(List<CatalogTrack> tracks) {
        Map<String, String> keys = new LinkedHashMap<>();
        List<CatalogTrack> sorted = new ArrayList<>(tracks);
        sorted.sort(Comparator.comparing(CatalogTrack::id));
        for (CatalogTrack t : sorted) {
            if (t.name() == null) {
                continue;
            }
            for (String artist : t.artists()) {
                keys.putIfAbsent(TrackNames.nameKey(artist, t.name()), t.id());
            }
        }
        List<Document> out = new ArrayList<>(keys.size());
        keys.forEach((key, id) -> out.add(new Document("_id", key).append("trackId", id).append("source", "catalog")));
        return out;
    }

    public static Document meta(long version, CatalogMerger.Result catalog, Date loadedAt) {
        return new Document("_id", "catalog").append("version", version).append("tracks", catalog.tracks().size())
                .append("artists", catalog.artists().size()).append("loadedAt", loadedAt);
    }
}
