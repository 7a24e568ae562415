import { html, nothing, type TemplateResult } from 'lit';
import { del, delJson, get, getAnonymous, post, put } from '../api';
import { LightElement, dateTime } from '../element';
import type { Me } from '../main';

interface Preferences {
  llmProvider?: string;
  novelty?: string;
  explicitContent: boolean;
  timeZone?: string;
}

interface TokenInfo {
  tokenId: string;
  name: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt?: string;
}

/** An account erasure as the gateway reports it (API.md "Identity"). */
interface Erasure {
  erasureId: string;
  url: string;
  status: 'RUNNING' | 'COMPLETED';
  services: Record<string, 'PENDING' | 'DONE'>;
}

interface Provider {
  name: string;
  model?: string;
  usable: boolean;
}

const SCOPES = [
  { name: 'read', help: 'read history, insights, playlists' },
  { name: 'write', help: 'import, chat, create and change playlists' },
  { name: 'account', help: 'manage tokens, export or delete the account' },
];

/** Settings: preferences, personal access tokens, and the account (export, erasure). */
class SettingsView extends LightElement {
  static override properties = {
    me: { attribute: false },
    preferences: { state: true },
    providers: { state: true },
    tokens: { state: true },
    issued: { state: true },
    status: { state: true },
    error: { state: true },
    erasure: { state: true },
  };

  me!: Me;
  preferences?: Preferences;
  providers: Provider[] = [];
  tokens?: TokenInfo[];
  /** A token just created: its secret is shown once, here, because the person asked for it. */
  issued?: { name: string; token: string };
  status?: string;
  error?: string;
  /** The erasure of this account, once asked for: followed until it is COMPLETED. */
  erasure?: Erasure;
  private erasurePoll?: number;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearTimeout(this.erasurePoll);
  }

  private async deleteAccount(): Promise<void> {
    if (!confirm('Delete your EchoTune account and everything it holds (history, chats, playlists, tokens)? '
      + 'This cannot be undone. Export your data first if you want to keep it.')) return;
    this.error = undefined;
    try {
      this.erasure = await delJson<Erasure>('/api/v1/me');
      this.status = 'Your account is deleted; its data is being erased everywhere.';
      this.followErasure();
    } catch (error) {
      this.fail(error);
    }
  }

  /** The account is gone (and the session with it): the status is read without credentials, until it is done. */
  private followErasure(): void {
    const erasure = this.erasure;
    if (!erasure || erasure.status === 'COMPLETED') return;
    this.erasurePoll = window.setTimeout(async () => {
      try {
        this.erasure = await getAnonymous<Erasure>(erasure.url);
        if (this.erasure.status === 'COMPLETED') {
          this.status = 'Everything EchoTune held about you has been erased.';
        }
      } catch {
        // a hiccup: keep following
      }
      this.followErasure();
    }, 1000);
  }

  private async load(): Promise<void> {
    try {
      [this.preferences, this.tokens] = await Promise.all([
        get<Preferences>('/api/v1/me/preferences'),
        get<TokenInfo[]>('/api/v1/me/tokens'),
      ]);
      this.providers = await get<Provider[]>('/api/v1/llm/providers').catch(() => []);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.status = undefined;
    this.error = error instanceof Error ? error.message : String(error);
  }

  private async savePreferences(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    this.error = undefined;
    try {
      this.preferences = await put<Preferences>('/api/v1/me/preferences', {
        llmProvider: value('llmProvider') || null,
        novelty: value('novelty') || null,
        explicitContent: (form.elements.namedItem('explicitContent') as HTMLInputElement).checked,
        timeZone: value('timeZone') || null,
      });
      this.status = 'Preferences saved.';
    } catch (error) {
      this.fail(error);
    }
  }

  private async createToken(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = (form.elements.namedItem('tokenName') as HTMLInputElement).value.trim();
    const scopes = SCOPES.map((scope) => scope.name)
      .filter((scope) => (form.elements.namedItem(`scope-${scope}`) as HTMLInputElement).checked);
    if (!name || scopes.length === 0) {
      this.error = 'Give the token a name and at least one scope.';
      return;
    }
    this.error = undefined;
    try {
      const issued = await post<{ token: string; name: string }>('/api/v1/me/tokens', { name, scopes });
      this.issued = { name: issued.name, token: issued.token };
      form.reset();
      this.tokens = await get<TokenInfo[]>('/api/v1/me/tokens');
      this.status = undefined;
    } catch (error) {
      this.fail(error);
    }
  }

  private async revoke(token: TokenInfo): Promise<void> {
    if (!confirm(`Revoke the token "${token.name}"? Apps using it stop working at once.`)) return;
    try {
      await del(`/api/v1/me/tokens/${encodeURIComponent(token.tokenId)}`);
      this.tokens = this.tokens?.filter((one) => one.tokenId !== token.tokenId);
      this.status = `Token "${token.name}" revoked.`;
    } catch (error) {
      this.fail(error);
    }
  }

  private renderErasure(erasure: Erasure): TemplateResult {
    return html`<p>Erasure <code>${erasure.erasureId}</code>: <strong>${erasure.status === 'COMPLETED' ? 'completed' : 'running'}</strong>.</p>
      <ul class="erasure-services">${Object.entries(erasure.services).map(([service, state]) =>
        html`<li>${service}: ${state === 'DONE' ? 'erased' : 'pending'}</li>`)}</ul>
      <p class="muted small">This page can be closed; the erasure goes on. Its status: <code>${erasure.url}</code></p>`;
  }

  override render(): TemplateResult {
    const preferences = this.preferences;
    return html`<h1 tabindex="-1">Settings</h1>
      ${this.status ? html`<p class="status" role="status">${this.status}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <section class="panel" aria-labelledby="account-title">
        <h2 id="account-title">Account</h2>
        ${this.erasure ? this.renderErasure(this.erasure) : html`
        <p>Signed in as <strong>${this.me.displayName}</strong>. Spotify: ${this.me.spotifyConnected ? 'connected' : 'not connected'}.</p>
        <p><a class="button" href="/api/v1/me/export" download>Export my data</a>
          <span class="muted small">A ZIP of everything EchoTune holds about you; the listening history in Spotify's format.</span></p>
        <p><button class="danger" @click=${() => void this.deleteAccount()}>Delete my account</button></p>`}
      </section>
      ${preferences ? html`<form class="panel settings-form" @submit=${(event: SubmitEvent) => void this.savePreferences(event)} aria-labelledby="preferences-title">
        <h2 id="preferences-title">Preferences</h2>
        <label for="llmProvider">Language model</label>
        <select id="llmProvider" name="llmProvider">
          <option value="" ?selected=${!preferences.llmProvider}>Server default</option>
          ${this.providers.map((provider) => html`<option value=${provider.name} ?selected=${provider.name === preferences.llmProvider}
            ?disabled=${!provider.usable}>${provider.name}${provider.usable ? '' : ' (unavailable)'}</option>`)}
        </select>
        <label for="novelty">Recommendations</label>
        <select id="novelty" name="novelty">
          <option value="" ?selected=${!preferences.novelty}>Balanced (default)</option>
          <option value="familiar" ?selected=${preferences.novelty === 'familiar'}>Mostly what I know</option>
          <option value="balanced" ?selected=${preferences.novelty === 'balanced'}>Balanced</option>
          <option value="discover" ?selected=${preferences.novelty === 'discover'}>Mostly new to me</option>
        </select>
        <label for="timeZone">Time zone (for insights)</label>
        <input id="timeZone" name="timeZone" .value=${preferences.timeZone ?? ''} placeholder="e.g. Europe/Berlin (empty: UTC)">
        <label class="checkbox"><input type="checkbox" name="explicitContent" ?checked=${preferences.explicitContent}> Allow explicit content</label>
        <button type="submit" class="primary">Save preferences</button>
      </form>` : nothing}
      <section class="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Personal access tokens</h2>
        <p class="muted">For scripts and other apps calling the API with <code>Authorization: Bearer …</code>.</p>
        ${this.issued ? html`<div class="issued" role="status">
            <p>Your new token "${this.issued.name}", shown only this once; copy it now:</p>
            <input readonly aria-label="New token" .value=${this.issued.token} id="issued-token">
            <button @click=${() => { this.issued = undefined; }}>I have copied it</button></div>` : nothing}
        <form class="inline-form" @submit=${(event: SubmitEvent) => void this.createToken(event)}>
          <label for="tokenName">Name</label>
          <input id="tokenName" name="tokenName" maxlength="100" placeholder="my script">
          <fieldset><legend>Scopes</legend>
            ${SCOPES.map((scope) => html`<label class="checkbox"><input type="checkbox" name=${`scope-${scope.name}`} ?checked=${scope.name === 'read'}>
              ${scope.name} <span class="muted small">(${scope.help})</span></label>`)}
          </fieldset>
          <button type="submit">Create token</button>
        </form>
        ${this.tokens === undefined ? nothing : this.tokens.length === 0 ? html`<p class="muted">No tokens.</p>` : html`
          <table class="data"><caption class="visually-hidden">Your tokens</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${this.tokens.map((token) => html`<tr><td>${token.name}</td><td>${token.scopes.join(', ')}</td>
              <td>${dateTime(token.createdAt)}</td><td>${token.lastUsedAt ? dateTime(token.lastUsedAt) : 'never'}</td>
              <td><button class="small danger" @click=${() => void this.revoke(token)} aria-label=${`Revoke ${token.name}`}>Revoke</button></td></tr>`)}</tbody>
          </table>`}
      </section>`;
  }
}

customElements.define('echotune-settings', SettingsView);
