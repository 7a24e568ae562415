import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, get, post, postStream, put } from '../api';
import { LightElement, dateTime, navigate } from '../element';
import type { Track } from './track-card';
import './track-card';

interface ChatSession {
  sessionId: string;
  title?: string;
  provider?: string;
  updatedAt?: string;
  messageCount: number;
}

interface SavedPlaylist {
  playlistId: string;
  name: string;
  version: number;
  trackCount: number;
}

interface ChatMessage {
  messageId?: string;
  role: 'user' | 'assistant';
  text?: string;
  reply?: string;
  intent?: string;
  tracks?: Track[];
  playlist?: SavedPlaylist;
  insight?: { endpoint: string; figures?: Record<string, unknown> };
  providerUsed?: string;
  model?: string;
  latencyMs?: number;
  /** On an assistant message: ok or degraded; on a user message: unanswered when its turn was cut off. */
  outcome?: string;
  createdAt?: string;
}

interface Provider {
  name: string;
  model?: string;
  usable: boolean;
  circuit: string;
}

const MESSAGE_LIMIT = 2000;
const EXAMPLES = [
  'Find me some upbeat indie folk for a rainy afternoon',
  'A mix between Tame Impala and Daft Punk',
  'What did I play most last summer?',
  'When do I listen most?',
];

/** The chat: the person's conversations, the one open, and a message box whose replies stream in. */
class ChatView extends LightElement {
  static override properties = {
    sessionId: { attribute: false },
    sessions: { state: true },
    messages: { state: true },
    pending: { state: true },
    providers: { state: true },
    provider: { state: true },
    error: { state: true },
    sending: { state: true },
  };

  sessionId?: string;
  sessions?: ChatSession[];
  messages: ChatMessage[] = [];
  /** The assistant message being streamed: what has arrived so far. */
  pending?: ChatMessage & { stage: string };
  providers: Provider[] = [];
  provider = '';
  error?: string;
  sending = false;
  private loadedSession?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadSessions();
    void this.loadProviders();
  }

  protected override firstUpdated(): void {
    // When the chat became usable after the page load (docs/benchmarks.md reads it in the browser test).
    performance.mark('echotune:chat-ready');
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('sessionId') && this.sessionId !== this.loadedSession) {
      this.loadedSession = this.sessionId;
      this.messages = [];
      if (this.sessionId) void this.loadMessages(this.sessionId);
    }
  }

  private async loadSessions(): Promise<void> {
    try {
      this.sessions = await get<ChatSession[]>('/api/v1/chat/sessions');
    } catch (error) {
      this.fail(error);
      this.sessions = [];
    }
  }

  private async loadProviders(): Promise<void> {
    try {
      const [providers, preferences] = await Promise.all([
        get<Provider[]>('/api/v1/llm/providers'),
        get<{ llmProvider?: string }>('/api/v1/me/preferences'),
      ]);
      this.providers = providers;
      this.provider = preferences.llmProvider ?? '';
    } catch {
      // The picker stays hidden; the chat itself still works with the server's default.
    }
  }

  private async loadMessages(sessionId: string): Promise<void> {
    try {
      const messages = await get<ChatMessage[]>(`/api/v1/chat/sessions/${encodeURIComponent(sessionId)}/messages`);
      if (this.sessionId === sessionId) this.messages = messages;
      this.scrollToEnd();
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this.error = 'This conversation does not exist (or is not yours).';
      } else {
        this.fail(error);
      }
    }
  }

  private async chooseProvider(name: string): Promise<void> {
    this.provider = name;
    try {
      await put('/api/v1/me/preferences', { llmProvider: name || null });
    } catch (error) {
      this.fail(error);
    }
  }

  private async newConversation(): Promise<string> {
    const created = await post<{ sessionId: string }>('/api/v1/chat/sessions', {});
    await this.loadSessions();
    this.loadedSession = created.sessionId;
    this.messages = [];
    navigate(`/chat/${created.sessionId}`);
    return created.sessionId;
  }

  private async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const box = this.querySelector<HTMLTextAreaElement>('#message')!;
    await this.say(box.value.trim(), () => { box.value = ''; });
  }

  /** Sends a message as a new turn; {@code accepted} runs once it is going out (the box is emptied then). */
  private async say(text: string, accepted: () => void = () => {}): Promise<void> {
    if (!text || this.sending) return;
    if (text.length > MESSAGE_LIMIT) {
      this.error = `A message can be at most ${MESSAGE_LIMIT} characters (this one has ${text.length}).`;
      return;
    }
    this.error = undefined;
    this.sending = true;
    try {
      const sessionId = this.sessionId ?? await this.newConversation();
      accepted();
      this.messages = [...this.messages, { role: 'user', text }];
      this.pending = { role: 'assistant', reply: '', stage: 'Reading your message…' };
      this.scrollToEnd();
      let finished: ChatMessage | undefined;
      await postStream(`/api/v1/chat/sessions/${encodeURIComponent(sessionId)}/messages`, { text }, ({ event, data }) => {
        const value = JSON.parse(data);
        const pending = this.pending!;
        switch (event) {
          case 'interpretation':
            this.pending = { ...pending, intent: value.intent, stage: stageFor(value.intent) };
            break;
          case 'tracks':
            this.pending = { ...pending, tracks: value };
            break;
          case 'playlist':
            this.pending = { ...pending, playlist: value };
            break;
          case 'delta':
            this.pending = { ...pending, reply: (pending.reply ?? '') + value.text, stage: '' };
            break;
          case 'message':
            finished = value;
            break;
        }
        this.scrollToEnd();
      });
      this.messages = [...this.messages, finished ?? { ...this.pending! }];
      this.pending = undefined;
      void this.loadSessions();
    } catch (error) {
      this.pending = undefined;
      this.fail(error);
    } finally {
      this.sending = false;
      this.querySelector<HTMLTextAreaElement>('#message')?.focus();
    }
  }

  private fail(error: unknown): void {
    this.error = error instanceof Error ? error.message : String(error);
  }

  private scrollToEnd(): void {
    void this.updateComplete.then(() => {
      const log = this.querySelector('.conversation');
      log?.lastElementChild?.scrollIntoView({ block: 'end' });
    });
  }

  private useExample(text: string): void {
    const box = this.querySelector<HTMLTextAreaElement>('#message');
    if (box) {
      box.value = text;
      box.focus();
    }
  }

  override render(): TemplateResult {
    return html`<div class="chat-layout">
      <aside class="sessions" aria-label="Conversations">
        <button class="primary" @click=${() => void this.newConversation().catch((e) => this.fail(e))}>New conversation</button>
        ${this.sessions === undefined ? html`<p aria-busy="true">Loading…</p>`
          : this.sessions.length === 0 ? html`<p class="muted">No conversations yet.</p>`
          : html`<ul>${this.sessions.map((session) => html`<li>
              <a href=${`/chat/${session.sessionId}`} aria-current=${session.sessionId === this.sessionId ? 'page' : nothing}
                 @click=${(event: MouseEvent) => { event.preventDefault(); navigate(`/chat/${session.sessionId}`); }}>
                ${session.title || 'Untitled conversation'}</a>
              <span class="muted small">${session.messageCount} ${session.messageCount === 1 ? 'message' : 'messages'} · ${dateTime(session.updatedAt)}</span></li>`)}</ul>`}
      </aside>
      <section class="chat" aria-labelledby="chat-title">
        <div class="chat-head">
          <h1 id="chat-title" tabindex="-1">Chat</h1>
          ${this.providers.length ? html`<label class="provider">Language model
            <select @change=${(event: Event) => void this.chooseProvider((event.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${!this.provider}>Server default</option>
              ${this.providers.map((provider) => html`<option value=${provider.name} ?disabled=${!provider.usable}
                  ?selected=${provider.name === this.provider}>${provider.name}${provider.model ? ` (${provider.model})` : ''}${provider.usable ? ''
                  : provider.circuit === 'OPEN' ? ' (unavailable: failing, retried shortly)' : ' (not configured)'}</option>`)}
            </select></label>` : nothing}
        </div>
        <div class="conversation" role="log" aria-live="polite" aria-label="Conversation">
          ${this.messages.length === 0 && !this.pending ? this.emptyState() : nothing}
          ${this.messages.map((message) => this.message(message))}
          ${this.pending ? this.message(this.pending, this.pending.stage) : nothing}
        </div>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <form class="composer" @submit=${(event: SubmitEvent) => void this.send(event)}>
          <label for="message" class="visually-hidden">Message</label>
          <textarea id="message" rows="2" maxlength=${MESSAGE_LIMIT} placeholder="Ask for music, refine it, or ask about your listening"
            @keydown=${(event: KeyboardEvent) => {
              if (event.key === 'Enter' && !event.shiftKey) {
                event.preventDefault();
                (event.target as HTMLTextAreaElement).form?.requestSubmit();
              }
            }}></textarea>
          <button type="submit" class="primary" ?disabled=${this.sending}>${this.sending ? 'Sending…' : 'Send'}</button>
        </form>
      </section>
    </div>`;
  }

  private emptyState(): TemplateResult {
    return html`<div class="empty">
      <p>Say what you want to hear, or ask about your listening. For example:</p>
      <ul class="examples">${EXAMPLES.map((example) => html`<li><button class="link" @click=${() => this.useExample(example)}>${example}</button></li>`)}</ul>
      <p class="muted">Recommendations are built from your own plays: <a href="/imports" @click=${(event: MouseEvent) => { event.preventDefault(); navigate('/imports'); }}>import your Spotify history</a> first for the best results.</p>
    </div>`;
  }

  private message(message: ChatMessage, stage?: string): TemplateResult {
    if (message.role === 'user') {
      return html`<div class="message user${message.outcome === 'unanswered' ? ' unanswered' : ''}"><p class="bubble">${message.text}</p>
        ${message.outcome === 'unanswered' ? html`<p class="muted small" role="note">No answer: EchoTune was interrupted while answering this.
          <button class="link" ?disabled=${this.sending} @click=${() => this.say(message.text ?? '')}>Send it again</button></p>` : nothing}</div>`;
    }
    return html`<div class="message assistant" data-intent=${message.intent ?? nothing}>
      ${stage ? html`<p class="muted" role="status">${stage}</p>` : nothing}
      ${message.reply ? html`<p class="bubble">${message.reply}</p>` : nothing}
      ${message.playlist ? html`<p class="playlist-saved">Saved playlist
          <a href=${`/playlists/${message.playlist.playlistId}`} @click=${(event: MouseEvent) => { event.preventDefault(); navigate(`/playlists/${message.playlist!.playlistId}`); }}>${message.playlist.name}</a>
          (${message.playlist.trackCount} tracks, version ${message.playlist.version})</p>` : nothing}
      ${message.tracks?.length ? html`<div class="tracks">${message.tracks.map((track) => html`<echotune-track .track=${track} feedback></echotune-track>`)}</div>` : nothing}
      ${message.providerUsed ? html`<p class="meta muted small">${message.intent} · ${message.providerUsed}${message.model ? ` (${message.model})` : ''}${message.latencyMs !== undefined ? ` · ${message.latencyMs} ms` : ''}</p>` : nothing}
    </div>`;
  }
}

function stageFor(intent: string): string {
  switch (intent) {
    case 'recommend':
    case 'refine':
      return 'Choosing tracks…';
    case 'create_playlist':
      return 'Saving the playlist…';
    case 'insight':
      return 'Looking at your listening…';
    default:
      return 'Writing a reply…';
  }
}

customElements.define('echotune-chat', ChatView);
