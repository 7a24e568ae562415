import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, post } from '../api';
import { LightElement, duration, spotifySearchUrl, spotifyUrl } from '../element';

/** A track as the chat and the playlists show it (ShownTrack / PlaylistTrack of the API). */
export interface Track {
  trackId: string;
  uri?: string;
  name: string;
  artists: string[];
  album?: string;
  genres?: string[];
  features?: Record<string, number>;
  explanation?: string;
  durationMs?: number;
  releaseYear?: number;
  position?: number;
}

/** The features shown as bars: the ones requests are phrased in (0..1 in the catalog). */
const FEATURE_BARS = ['energy', 'valence', 'danceability', 'acousticness', 'instrumentalness'] as const;
const FEATURE_LABELS: Record<string, string> = {
  energy: 'Energy', valence: 'Mood (valence)', danceability: 'Danceability', acousticness: 'Acoustic',
  instrumentalness: 'Instrumental',
};

/** One track: what it is, why it was picked, the features that made it fit, a link to Spotify and feedback. */
class TrackCard extends LightElement {
  static override properties = {
    track: { attribute: false },
    feedback: { type: Boolean },
    sent: { state: true },
    error: { state: true },
  };

  track!: Track;
  feedback = false;
  sent?: 'like' | 'dislike';
  error?: string;

  private async send(signal: 'like' | 'dislike'): Promise<void> {
    this.error = undefined;
    try {
      await post('/api/v1/recommendations/feedback', { trackId: this.track.trackId, signal });
      this.sent = signal;
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : String(error);
    }
  }

  override render(): TemplateResult {
    const track = this.track;
    const page = spotifyUrl(track.uri);
    const link = page ?? spotifySearchUrl(track.artists[0], track.name);
    const label = `${track.name} by ${track.artists.join(', ')}`;
    return html`<article class="track" aria-label=${label}>
      <div class="track-head">
        ${track.position !== undefined ? html`<span class="position">${track.position}</span>` : nothing}
        <div>
          <h3 class="track-name">${track.name}</h3>
          <p class="track-artists">${track.artists.join(', ')}${track.album ? html` · <span class="muted">${track.album}</span>` : nothing}
            ${track.releaseYear ? html` · <span class="muted">${track.releaseYear}</span>` : nothing}
            ${track.durationMs ? html` · <span class="muted">${duration(track.durationMs)}</span>` : nothing}</p>
        </div>
      </div>
      ${track.genres?.length ? html`<p class="genres">${track.genres.slice(0, 4).map((genre) => html`<span class="tag">${genre}</span>`)}</p>` : nothing}
      ${track.explanation ? html`<p class="explanation">${track.explanation}</p>` : nothing}
      ${this.bars(track.features)}
      <div class="track-actions">
        <a href=${link} target="_blank" rel="noopener noreferrer">${page ? 'Open in Spotify' : 'Search on Spotify'}<span class="visually-hidden">: ${label}</span></a>
        ${this.feedback ? html`
          <button class="small" aria-pressed=${this.sent === 'like'} @click=${() => void this.send('like')}
            aria-label=${`Like ${label}`}>Like</button>
          <button class="small" aria-pressed=${this.sent === 'dislike'} @click=${() => void this.send('dislike')}
            aria-label=${`Not for me: ${label}`}>Not for me</button>` : nothing}
        ${this.sent ? html`<span class="muted" role="status">Thanks, noted.</span>` : nothing}
        ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : nothing}
      </div>
    </article>`;
  }

  private bars(features: Record<string, number> | undefined): TemplateResult | typeof nothing {
    const shown = FEATURE_BARS.filter((name) => typeof features?.[name] === 'number');
    if (!features || shown.length === 0) return nothing;
    return html`<dl class="features">${shown.map((name) => {
      const value = Math.max(0, Math.min(1, features[name]));
      return html`<div class="feature"><dt>${FEATURE_LABELS[name]}</dt>
        <dd><meter min="0" max="1" .value=${value} aria-label=${`${FEATURE_LABELS[name]} ${value.toFixed(2)}`}></meter>
        <span class="feature-value">${value.toFixed(2)}</span></dd></div>`;
    })}</dl>`;
  }
}

customElements.define('echotune-track', TrackCard);
