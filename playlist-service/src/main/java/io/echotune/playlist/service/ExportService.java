package io.echotune.playlist.service;

import io.echotune.playlist.Playlist;
import io.echotune.playlist.export.ExportFormat;
import io.echotune.playlist.export.PlaylistExporter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** The caller's playlist, at its current version or version {@code n}, as a download. */
@ApplicationScoped
public class ExportService {

    private final PlaylistService playlists;
    private final VersionService versions;
    private final PlaylistExporter exporter;

    public ExportService(PlaylistService playlists, VersionService versions, PlaylistExporter exporter) {
        this.playlists = playlists;
        this.versions = versions;
        this.exporter = exporter;
    }

    public Uni<PlaylistExporter.ExportFile> export(String userId, UUID playlistId, ExportFormat format, Integer version) {
        Uni<Playlist> playlist = version == null ? playlists.get(userId, playlistId)
                : versions.get(userId, playlistId, version);
        return playlist.map(p -> exporter.export(p, format));
    }
}
