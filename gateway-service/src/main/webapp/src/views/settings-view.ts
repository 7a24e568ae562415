import { html, nothing, type TemplateResult } from 'lit';
import { del, get, post, put } from '../api';
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

interface Provider {
  name: string;
  model?: string;
  usable: boolean;
}

const SCOPES = [
  { name: 'read', help: 'read history, insights, playlists' },
  { name: 'write', help: 'import, chat, create and change playlists' },
  { name: 'account', help: 'manage tokens' },
];

/** Settings: preferences, personal access tokens, and the account. */
class SettingsView extends LightElement {
  static override properties = {
    me: { attribute: false },
    preferences: { state: true },
    providers: { state: true },
    tokens: { state: true },
    issued: { state: true },
    status: { state: true },
    error: { state: true },
  };

  me!: Me;
  preferences?: Preferences;
  providers: Provider[] = [];
  tokens?: TokenInfo[];
  /** A token just created: its secret is shown once, here, because the person asked for it. */
  issued?: { name: string; token: string };
  status?: string;
  error?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
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

  override render(): TemplateResult {
    const preferences = this.preferences;
    return html`<h1 tabindex="-1">Settings</h1>
      ${this.status ? html`<p class="status" role="status">${this.status}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <section class="panel" aria-labelledby="account-title">
        <h2 id="account-title">Account</h2>
        <p>Signed in as <strong>${this.me.displayName}</strong>. Spotify: ${this.me.spotifyConnected ? 'connected' : 'not connected'}.</p>
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
