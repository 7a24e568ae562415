import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, get, onSignedOut, post } from './api';
import { LightElement, navigate } from './element';
import './styles.css';
import './views/sign-in';
import './views/chat-view';
import './views/playlists-view';
import './views/imports-view';
import './views/settings-view';

export interface Me {
  userId: string;
  displayName: string;
  spotifyConnected: boolean;
}

interface Screen {
  path: string;
  label: string;
}

const SCREENS: Screen[] = [
  { path: '/chat', label: 'Chat' },
  { path: '/playlists', label: 'Playlists' },
  { path: '/imports', label: 'Import' },
  { path: '/insights', label: 'Insights' },
  { path: '/settings', label: 'Settings' },
];

/** The app shell: who is signed in, the navigation, and the screen the address names. */
class EchoTuneApp extends LightElement {
  static override properties = {
    me: { state: true },
    path: { state: true },
    failure: { state: true },
    insightsLoaded: { state: true },
  };

  me?: Me | null;
  path = location.pathname;
  failure?: string;
  insightsLoaded = false;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', () => {
      this.path = location.pathname;
      this.focusMain();
    });
    onSignedOut(() => {
      this.me = null;
    });
    this.addEventListener('signed-in', () => void this.loadMe(true));
    void this.loadMe(false);
  }

  private async loadMe(justSignedIn: boolean): Promise<void> {
    try {
      this.me = await get<Me>('/api/v1/me');
      this.failure = undefined;
      if (justSignedIn || this.path === '/') navigate('/chat');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.me = null;
      } else {
        this.failure = error instanceof Error ? error.message : String(error);
      }
    }
  }

  private async signOut(): Promise<void> {
    try {
      await post('/auth/logout');
    } finally {
      this.me = null;
      navigate('/');
    }
  }

  private focusMain(): void {
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('main h1')?.focus());
  }

  override render(): TemplateResult {
    if (this.failure) {
      return html`<main class="centered"><h1>EchoTune</h1>
        <p class="error" role="alert">${this.failure}</p>
        <button @click=${() => void this.loadMe(false)}>Try again</button></main>`;
    }
    if (this.me === undefined) {
      return html`<main class="centered" aria-busy="true"><p>Loading…</p></main>`;
    }
    if (this.me === null) {
      return html`<echotune-sign-in></echotune-sign-in>`;
    }
    const current = SCREENS.find((screen) => this.path === screen.path || this.path.startsWith(screen.path + '/'));
    return html`
      <a class="skip" href="#main">Skip to content</a>
      <header class="topbar">
        <span class="brand">EchoTune</span>
        <nav aria-label="Main">
          ${SCREENS.map((screen) => html`<a href=${screen.path} aria-current=${screen === current ? 'page' : nothing}
              @click=${(event: MouseEvent) => this.follow(event, screen.path)}>${screen.label}</a>`)}
        </nav>
        <span class="who">${this.me.displayName}</span>
        <button class="link" @click=${() => void this.signOut()}>Sign out</button>
      </header>
      <main id="main">${this.screen(current?.path ?? '/chat')}</main>`;
  }

  private follow(event: MouseEvent, path: string): void {
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    navigate(path);
  }

  private screen(path: string): TemplateResult {
    const rest = this.path.slice(path.length + 1);
    switch (path) {
      case '/playlists':
        return html`<echotune-playlists .playlistId=${rest || undefined}></echotune-playlists>`;
      case '/imports':
        return html`<echotune-imports></echotune-imports>`;
      case '/insights':
        // The charts library loads only when this screen is first opened (the first screen stays small).
        if (!this.insightsLoaded) {
          void import('./views/insights-view').then(() => {
            this.insightsLoaded = true;
          });
          return html`<p aria-busy="true">Loading insights…</p>`;
        }
        return html`<echotune-insights></echotune-insights>`;
      case '/settings':
        return html`<echotune-settings .me=${this.me}></echotune-settings>`;
      default:
        return html`<echotune-chat .sessionId=${rest || undefined}></echotune-chat>`;
    }
  }
}

customElements.define('echotune-app', EchoTuneApp);
