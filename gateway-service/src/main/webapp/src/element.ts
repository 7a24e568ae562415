import { LitElement } from 'lit';

/**
 * Every view renders into the light DOM: one stylesheet (styles.css, served from 'self' under the
 * Content-Security-Policy) styles the whole app, and tests and assistive technology see one plain document.
 * Lit's templates escape every interpolated value, so names from data always render as text.
 */
export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}

/** Navigates inside the app without a page load (the shell listens for it). */
export function navigate(path: string): void {
  if (location.pathname + location.search !== path) {
    history.pushState(null, '', path);
  }
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function minutes(ms: number): string {
  return Math.round(ms / 60000).toLocaleString('en');
}

export function hours(ms: number): string {
  return (ms / 3600000).toLocaleString('en', { maximumFractionDigits: 1 });
}

export function duration(ms: number | undefined): string {
  if (ms === undefined || ms === null) return '';
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function dateTime(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

/**
 * A Spotify search for a track known by its name only: a basic export's plays carry no URI, so such a track has a
 * name key for an id and no page of its own to link to.
 */
export function spotifySearchUrl(artist: string | undefined, title: string): string {
  return `https://open.spotify.com/search/${encodeURIComponent(`${artist ?? ''} ${title}`.trim())}`;
}

/** The open.spotify.com page of a spotify:track: URI. */
export function spotifyUrl(uri: string | undefined): string | undefined {
  const match = uri?.match(/^spotify:(track|playlist|album|artist):([A-Za-z0-9]{1,64})$/);
  return match ? `https://open.spotify.com/${match[1]}/${match[2]}` : undefined;
}
