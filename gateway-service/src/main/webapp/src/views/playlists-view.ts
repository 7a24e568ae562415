import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, del, get, post, put } from '../api';
import { LightElement, dateTime, navigate, spotifyUrl } from '../element';
import type { Track } from './track-card';
import './track-card';

interface PlaylistSummary {
  playlistId: string;
  name: string;
  version: number;
  trackCount: number;
  updatedAt?: string;
}

interface Playlist {
  playlistId: string;
  name: string;
  version: number;
  prompt?: string;
  tracks: Track[];
  updatedAt?: string;
  added?: string[];
  removed?: string[];
  /** The live share link's code (absent: not shared). */
  shareCode?: string;
  schedule?: { every: string; nextRunAt: string };
  spotifyPlaylistId?: string;
}

interface Version {
  version: number;
  prompt?: string;
  trackCount: number;
  createdAt: string;
}

const EXPORT_FORMATS = [
  { format: 'json', label: 'JSON' },
  { format: 'csv', label: 'CSV' },
  { format: 'm3u8', label: 'M3U8' },
  { format: 'xspf', label: 'XSPF' },
];

/** The playlists: the list, one playlist with its versions, and everything a person does with it. */
class PlaylistsView extends LightElement {
  static override properties = {
    playlistId: { attribute: false },
    playlists: { state: true },
    playlist: { state: true },
    versions: { state: true },
    viewedVersion: { state: true },
    status: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  playlistId?: string;
  playlists?: PlaylistSummary[];
  playlist?: Playlist;
  versions: Version[] = [];
  /** An older version being looked at (with what changed), before restoring it. */
  viewedVersion?: Playlist;
  status?: string;
  error?: string;
  busy = false;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('playlistId')) {
      this.error = undefined;
      this.status = undefined;
      this.viewedVersion = undefined;
      if (this.playlistId) {
        this.playlist = undefined;
        void this.open(this.playlistId);
      } else {
        void this.loadList();
      }
    }
  }

  private path(suffix = ''): string {
    return `/api/v1/playlists/${encodeURIComponent(this.playlistId!)}${suffix}`;
  }

  private async loadList(): Promise<void> {
    try {
      this.playlists = await get<PlaylistSummary[]>('/api/v1/playlists');
    } catch (error) {
      this.fail(error);
      this.playlists = [];
    }
  }

  private async open(id: string): Promise<void> {
    try {
      const [playlist, versions] = await Promise.all([get<Playlist>(this.path()), get<Version[]>(this.path('/versions'))]);
      if (id === this.playlistId) {
        this.playlist = playlist;
        this.versions = versions;
      }
    } catch (error) {
      this.error = error instanceof ApiError && error.status === 404
        ? 'This playlist does not exist (or is not yours).' : String((error as Error).message);
    }
  }

  /** Runs one action on the open playlist, with a busy state, a status line and a clear error. */
  private async act(action: () => Promise<string | undefined>): Promise<void> {
    this.busy = true;
    this.error = undefined;
    this.status = undefined;
    try {
      this.status = await action();
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
    }
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const prompt = (form.elements.namedItem('prompt') as HTMLInputElement).value.trim();
    const name = (form.elements.namedItem('name') as HTMLInputElement).value.trim();
    const count = Number((form.elements.namedItem('count') as HTMLInputElement).value) || 20;
    if (!prompt) {
      this.error = 'Describe the playlist you want, for example "calm piano for reading".';
      return;
    }
    await this.act(async () => {
      const created = await post<Playlist>('/api/v1/playlists', { prompt, count, ...(name ? { name } : {}) });
      navigate(`/playlists/${created.playlistId}`);
      return undefined;
    });
  }

  private refine(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('refinePrompt') as HTMLInputElement;
    const prompt = input.value.trim();
    if (!prompt) {
      this.error = 'Say how to change it, for example "more upbeat" or "30 songs instead".';
      return Promise.resolve();
    }
    return this.act(async () => {
      const next = await post<Playlist>(this.path('/refine'), { prompt });
      input.value = '';
      this.playlist = { ...this.playlist, ...next };
      this.versions = await get<Version[]>(this.path('/versions'));
      return `Version ${next.version}: ${next.added?.length ?? 0} added, ${next.removed?.length ?? 0} removed.`;
    });
  }

  private viewVersion(version: number): Promise<void> {
    return this.act(async () => {
      this.viewedVersion = await get<Playlist>(this.path(`/versions/${version}`));
      return undefined;
    });
  }

  private restore(version: number): Promise<void> {
    return this.act(async () => {
      const next = await post<Playlist>(this.path(`/versions/${version}/restore`));
      this.playlist = { ...this.playlist, ...next };
      this.viewedVersion = undefined;
      this.versions = await get<Version[]>(this.path('/versions'));
      return `Version ${version} restored as version ${next.version}.`;
    });
  }

  private saveToSpotify(): Promise<void> {
    return this.act(async () => {
      const saved = await post<{ spotifyPlaylistId: string; url: string; withoutSpotifyUri?: string[] }>(this.path('/spotify'));
      this.playlist = { ...this.playlist!, spotifyPlaylistId: saved.spotifyPlaylistId };
      const skipped = saved.withoutSpotifyUri?.length ?? 0;
      return `Saved to Spotify${skipped ? ` (${skipped} tracks have no Spotify URI and were left out)` : ''}.`;
    });
  }

  private share(): Promise<void> {
    return this.act(async () => {
      const share = await post<{ code: string; url: string }>(this.path('/share'));
      this.playlist = { ...this.playlist!, shareCode: share.code };
      return 'Anyone with the link can now see this playlist.';
    });
  }

  private revoke(): Promise<void> {
    return this.act(async () => {
      await del(this.path('/share'));
      this.playlist = { ...this.playlist!, shareCode: undefined };
      return 'The share link no longer works.';
    });
  }

  private async copyLink(url: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      this.status = 'Link copied.';
    } catch {
      this.status = 'Copy the link from the field above.';
    }
  }

  private schedule(every: string): Promise<void> {
    return this.act(async () => {
      if (!every) {
        await del(this.path('/schedule'));
        this.playlist = { ...this.playlist!, schedule: undefined };
        return 'Scheduled refresh stopped.';
      }
      const schedule = await put<{ every: string; nextRunAt: string }>(this.path('/schedule'), { every });
      this.playlist = { ...this.playlist!, schedule };
      return `Refreshes ${every}; next run ${dateTime(schedule.nextRunAt)}.`;
    });
  }

  private deletePlaylist(): Promise<void> {
    if (!confirm(`Delete the playlist "${this.playlist?.name}" and all its versions?`)) return Promise.resolve();
    return this.act(async () => {
      await del(this.path());
      navigate('/playlists');
      return undefined;
    });
  }

  private fail(error: unknown): void {
    this.error = error instanceof Error ? error.message : String(error);
  }

  override render(): TemplateResult {
    return this.playlistId ? this.detail() : this.list();
  }

  private feedback(): TemplateResult {
    return html`${this.status ? html`<p class="status" role="status">${this.status}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}`;
  }

  private list(): TemplateResult {
    return html`<h1 tabindex="-1">Playlists</h1>
      <form class="inline-form" @submit=${(event: SubmitEvent) => void this.create(event)}>
        <h2>New playlist from a prompt</h2>
        <label for="prompt">What should it be?</label>
        <input id="prompt" name="prompt" maxlength="500" placeholder="calm acoustic songs for a rainy afternoon">
        <label for="name">Name (optional)</label>
        <input id="name" name="name" maxlength="100">
        <label for="count">Tracks</label>
        <input id="count" name="count" type="number" min="1" max="100" value="20">
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? 'Creating…' : 'Create'}</button>
      </form>
      ${this.feedback()}
      ${this.playlists === undefined ? html`<p aria-busy="true">Loading…</p>`
        : this.playlists.length === 0 ? html`<p class="empty">No playlists yet. Create one above, or say "save that as …" in the chat.</p>`
        : html`<table class="data"><caption class="visually-hidden">Your playlists</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Tracks</th><th scope="col">Version</th><th scope="col">Updated</th></tr></thead>
            <tbody>${this.playlists.map((playlist) => html`<tr>
              <td><a href=${`/playlists/${playlist.playlistId}`} @click=${(event: MouseEvent) => { event.preventDefault(); navigate(`/playlists/${playlist.playlistId}`); }}>${playlist.name}</a></td>
              <td>${playlist.trackCount}</td><td>${playlist.version}</td><td>${dateTime(playlist.updatedAt)}</td></tr>`)}</tbody></table>`}`;
  }

  private detail(): TemplateResult {
    const playlist = this.playlist;
    if (!playlist) {
      return html`<p><a href="/playlists" @click=${(event: MouseEvent) => { event.preventDefault(); navigate('/playlists'); }}>← All playlists</a></p>
        ${this.error ? this.feedback() : html`<p aria-busy="true">Loading…</p>`}`;
    }
    const exportPath = (format: string) => this.path(`/export?format=${format}`);
    const shareUrl = playlist.shareCode ? `${location.origin}/shared/${encodeURIComponent(playlist.shareCode)}` : undefined;
    return html`<p><a href="/playlists" @click=${(event: MouseEvent) => { event.preventDefault(); navigate('/playlists'); }}>← All playlists</a></p>
      <h1 tabindex="-1" class="playlist-name">${playlist.name}</h1>
      <p class="muted">Version ${playlist.version} · ${playlist.tracks.length} tracks${playlist.prompt ? html` · from “${playlist.prompt}”` : nothing}</p>
      ${this.feedback()}
      <div class="toolbar" role="group" aria-label="Playlist actions">
        <button @click=${() => void this.saveToSpotify()} ?disabled=${this.busy}>Save to Spotify</button>
        ${playlist.spotifyPlaylistId ? html`<a href=${spotifyUrl(`spotify:playlist:${playlist.spotifyPlaylistId}`) ?? nothing} target="_blank" rel="noopener noreferrer">Open on Spotify</a>` : nothing}
        ${shareUrl ? html`<button @click=${() => void this.revoke()} ?disabled=${this.busy}>Stop sharing</button>`
          : html`<button @click=${() => void this.share()} ?disabled=${this.busy}>Share</button>`}
        <label>Refresh
          <select @change=${(event: Event) => void this.schedule((event.target as HTMLSelectElement).value)} ?disabled=${this.busy}>
            <option value="" ?selected=${!playlist.schedule}>never</option>
            <option value="daily" ?selected=${playlist.schedule?.every === 'daily'}>daily</option>
            <option value="weekly" ?selected=${playlist.schedule?.every === 'weekly'}>weekly</option>
          </select></label>
        <span class="downloads">Download:
          ${EXPORT_FORMATS.map(({ format, label }) => html`<a href=${exportPath(format)} download>${label}</a> `)}</span>
        <button class="danger" @click=${() => void this.deletePlaylist()} ?disabled=${this.busy}>Delete</button>
      </div>
      ${shareUrl ? html`<div class="share">
          <label for="share-url">Share link</label>
          <input id="share-url" readonly .value=${shareUrl}>
          <button @click=${() => void this.copyLink(shareUrl)}>Copy link</button>
        </div>` : nothing}
      <form class="inline-form" @submit=${(event: SubmitEvent) => void this.refine(event)}>
        <label for="refinePrompt">Refine</label>
        <input id="refinePrompt" name="refinePrompt" maxlength="500" placeholder="more upbeat · no vocals · 30 songs instead">
        <button type="submit" ?disabled=${this.busy}>${this.busy ? 'Working…' : 'Make a new version'}</button>
      </form>
      <div class="playlist-layout">
        <ol class="tracks playlist-tracks" aria-label="Tracks">${playlist.tracks.map((track) => html`<li><echotune-track .track=${track}></echotune-track></li>`)}</ol>
        <aside aria-labelledby="versions-title" class="versions">
          <h2 id="versions-title">Versions</h2>
          <ul>${this.versions.slice().reverse().map((version) => html`<li>
            <button class="link" @click=${() => void this.viewVersion(version.version)}>Version ${version.version}</button>
            <span class="muted small">${version.trackCount} tracks · ${dateTime(version.createdAt)}${version.prompt ? html`<br>“${version.prompt}”` : nothing}</span>
          </li>`)}</ul>
          ${this.viewedVersion ? this.versionDetail(this.viewedVersion) : nothing}
        </aside>
      </div>`;
  }

  private versionDetail(version: Playlist): TemplateResult {
    const names = new Map(version.tracks.map((track) => [track.trackId, `${track.name} – ${track.artists.join(', ')}`]));
    return html`<section class="version-detail" aria-label=${`Version ${version.version}`}>
      <h3>Version ${version.version}</h3>
      ${version.added?.length ? html`<p>Added: ${version.added.map((id) => names.get(id) ?? id).join('; ')}</p>` : nothing}
      ${version.removed?.length ? html`<p>Removed: ${version.removed.length} tracks</p>` : nothing}
      ${version.version === 1 ? html`<p class="muted">The first version.</p>` : nothing}
      ${version.version !== this.playlist?.version
        ? html`<button @click=${() => void this.restore(version.version)} ?disabled=${this.busy}>Restore version ${version.version}</button>`
        : html`<p class="muted">This is the current version.</p>`}
    </section>`;
  }
}

customElements.define('echotune-playlists', PlaylistsView);
