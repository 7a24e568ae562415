import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, get, post } from '../api';
import { LightElement } from '../element';

interface SignInMethods {
  spotify: boolean;
  localAccounts: boolean;
}

/** The signed-out screen: sign in with Spotify when the stack has a client id, or create a local account. */
class SignIn extends LightElement {
  static override properties = {
    methods: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  methods?: SignInMethods;
  error?: string;
  busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    get<SignInMethods>('/auth/methods')
      .then((methods) => { this.methods = methods; })
      .catch(() => { this.methods = { spotify: false, localAccounts: true }; });
    const failed = new URLSearchParams(location.search).get('signInError');
    if (failed) this.error = failed;
  }

  private async createAccount(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const displayName = (form.elements.namedItem('displayName') as HTMLInputElement).value.trim();
    if (!displayName) {
      this.error = 'Enter the name EchoTune should call you.';
      return;
    }
    this.busy = true;
    this.error = undefined;
    try {
      // The answer carries a personal access token; the web app never shows it (Settings can create one).
      await post('/api/v1/auth/local', { displayName });
      this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true }));
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  override render(): TemplateResult {
    return html`<main class="centered sign-in">
      <h1 tabindex="-1">EchoTune</h1>
      <p class="muted">Your conversational music assistant: ask for music in your own words, grounded in what you
        actually play.</p>
      ${this.methods?.spotify ? html`<p><a class="button primary" href="/auth/spotify">Sign in with Spotify</a></p>` : nothing}
      ${this.methods === undefined || this.methods.localAccounts ? html`
        <form @submit=${(event: SubmitEvent) => void this.createAccount(event)} aria-describedby="local-help">
          <h2>Create a local account</h2>
          <p id="local-help" class="muted">For self-hosted use without Spotify. You can import your Spotify privacy
            export afterwards.</p>
          <label for="displayName">Your name</label>
          <input id="displayName" name="displayName" required maxlength="100" autocomplete="nickname">
          <button type="submit" class="primary" ?disabled=${this.busy}>Create account</button>
        </form>` : nothing}
      ${this.methods && !this.methods.spotify && !this.methods.localAccounts
        ? html`<p class="error">No way to sign in is configured on this server; ask its operator.</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </main>`;
  }
}

customElements.define('echotune-sign-in', SignIn);
