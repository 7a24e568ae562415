import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, get, upload } from '../api';
import { LightElement, dateTime } from '../element';

interface ImportFile {
  name: string;
  format: string;
  recordsRead: number;
  recordsStored: number;
  duplicates: number;
  rejected: number;
}

interface ImportJob {
  importId: string;
  status: 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';
  recordsRead: number;
  recordsStored: number;
  duplicates: number;
  rejected: number;
  files: ImportFile[];
  errors: { file: string; record: number; reason: string }[];
  startedAt?: string;
  finishedAt?: string;
  failure?: string;
}

const ACCEPTED = '.zip,.json,.csv,application/zip,application/json,text/csv';

/** Import: drop an export (or history files), watch it go through, and the list of past imports. */
class ImportsView extends LightElement {
  static override properties = {
    imports: { state: true },
    current: { state: true },
    uploaded: { state: true },
    error: { state: true },
    dragging: { state: true },
  };

  imports?: ImportJob[];
  current?: ImportJob;
  /** Upload progress 0..1 while the files travel, undefined otherwise. */
  uploaded?: number;
  error?: string;
  dragging = false;
  private events?: EventSource;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadImports();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.events?.close();
  }

  private async loadImports(): Promise<void> {
    try {
      this.imports = await get<ImportJob[]>('/api/v1/imports');
      const running = this.imports.find((job) => job.status === 'QUEUED' || job.status === 'RUNNING');
      if (running && !this.current) this.follow(running);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      this.imports = [];
    }
  }

  private async start(files: FileList | File[]): Promise<void> {
    const chosen = Array.from(files);
    if (chosen.length === 0) return;
    this.error = undefined;
    const form = new FormData();
    chosen.forEach((file) => form.append('file', file, file.name));
    this.uploaded = 0;
    try {
      const started = await upload<{ importId: string; status: ImportJob['status'] }>('/api/v1/imports', form,
        (sent, total) => { this.uploaded = total ? sent / total : undefined; });
      this.uploaded = undefined;
      this.follow({ importId: started.importId, status: started.status, recordsRead: 0, recordsStored: 0,
        duplicates: 0, rejected: 0, files: [], errors: [] });
    } catch (error) {
      this.uploaded = undefined;
      this.error = error instanceof ApiError
        ? `The upload was refused: ${error.message}` : String(error);
    }
  }

  /** Follows an import's event stream (one event per change of its state) until it ends. */
  private follow(job: ImportJob): void {
    this.current = job;
    this.events?.close();
    const events = new EventSource(`/api/v1/imports/${encodeURIComponent(job.importId)}/events`);
    this.events = events;
    events.onmessage = (event) => {
      this.current = JSON.parse(event.data);
      if (this.current!.status === 'COMPLETED' || this.current!.status === 'FAILED') {
        events.close();
        void this.loadImports();
      }
    };
    events.onerror = () => {
      // The stream ends when the import does; a drop mid-way is followed up with one read of the state.
      events.close();
      void get<ImportJob>(`/api/v1/imports/${encodeURIComponent(job.importId)}`).then((latest) => {
        this.current = latest;
        if (latest.status === 'QUEUED' || latest.status === 'RUNNING') setTimeout(() => this.follow(latest), 2000);
        else void this.loadImports();
      }).catch(() => undefined);
    };
  }

  private drop(event: DragEvent): void {
    event.preventDefault();
    this.dragging = false;
    if (event.dataTransfer?.files) void this.start(event.dataTransfer.files);
  }

  override render(): TemplateResult {
    return html`<h1 tabindex="-1">Import your listening history</h1>
      <p class="muted">Request your data from Spotify (Account → Privacy settings → Download your data; the
        "Extended streaming history" is the richest), then drop the <code>my_spotify_data.zip</code> here, or the
        <code>Streaming_History_Audio_*.json</code> / <code>StreamingHistory*.json</code> files inside it. Importing
        the same files again adds nothing twice.</p>
      <div class="dropzone ${this.dragging ? 'dragging' : ''}"
        @dragover=${(event: DragEvent) => { event.preventDefault(); this.dragging = true; }}
        @dragleave=${() => { this.dragging = false; }}
        @drop=${(event: DragEvent) => this.drop(event)}>
        <p>Drop files here, or</p>
        <label class="button primary" for="import-files">Choose files…</label>
        <input id="import-files" class="visually-hidden" type="file" multiple accept=${ACCEPTED}
          @change=${(event: Event) => void this.start((event.target as HTMLInputElement).files ?? [])}>
      </div>
      ${this.uploaded !== undefined ? html`<p><label>Uploading <progress id="upload-progress" max="1" .value=${this.uploaded}></progress></label></p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.current ? this.progress(this.current) : nothing}
      <h2>Past imports</h2>
      ${this.imports === undefined ? html`<p aria-busy="true">Loading…</p>`
        : this.imports.length === 0 ? html`<p class="empty">No imports yet.</p>`
        : html`<table class="data" id="import-list"><caption class="visually-hidden">Past imports</caption>
          <thead><tr><th scope="col">Started</th><th scope="col">Status</th><th scope="col">Read</th><th scope="col">Stored</th>
            <th scope="col">Duplicates</th><th scope="col">Rejected</th></tr></thead>
          <tbody>${this.imports.map((job) => html`<tr>
            <td>${dateTime(job.startedAt)}</td><td>${job.status}</td><td>${job.recordsRead.toLocaleString('en')}</td>
            <td>${job.recordsStored.toLocaleString('en')}</td><td>${job.duplicates.toLocaleString('en')}</td>
            <td>${job.rejected.toLocaleString('en')}</td></tr>`)}</tbody></table>`}`;
  }

  private progress(job: ImportJob): TemplateResult {
    const done = job.recordsStored + job.duplicates + job.rejected;
    const finished = job.status === 'COMPLETED' || job.status === 'FAILED';
    return html`<section class="import-progress" aria-labelledby="import-progress-title" aria-live="polite">
      <h2 id="import-progress-title">Import <span class="status-${job.status.toLowerCase()}" id="import-status">${job.status}</span></h2>
      <progress id="import-bar" max=${Math.max(job.recordsRead, 1)} .value=${finished ? Math.max(job.recordsRead, 1) : done}
        aria-label="Records processed"></progress>
      <p><span id="import-counts">${done.toLocaleString('en')} of ${job.recordsRead.toLocaleString('en')} records processed:
        ${job.recordsStored.toLocaleString('en')} stored, ${job.duplicates.toLocaleString('en')} duplicates,
        ${job.rejected.toLocaleString('en')} rejected</span>.</p>
      ${job.failure ? html`<p class="error">${job.failure}</p>` : nothing}
      ${job.files.length ? html`<table class="data"><caption>Files</caption>
        <thead><tr><th scope="col">File</th><th scope="col">Format</th><th scope="col">Read</th><th scope="col">Stored</th>
          <th scope="col">Duplicates</th><th scope="col">Rejected</th></tr></thead>
        <tbody>${job.files.map((file) => html`<tr><td>${file.name}</td><td>${file.format}</td>
          <td>${file.recordsRead.toLocaleString('en')}</td><td>${file.recordsStored.toLocaleString('en')}</td>
          <td>${file.duplicates.toLocaleString('en')}</td><td>${file.rejected.toLocaleString('en')}</td></tr>`)}</tbody></table>` : nothing}
      ${job.errors.length ? html`<details><summary>${job.rejected} rejected records: why</summary>
        <ul>${job.errors.map((error) => html`<li>${error.file}, record ${error.record}: ${error.reason}</li>`)}</ul></details>` : nothing}
      ${job.status === 'COMPLETED' ? html`<p>Done. Your insights and recommendations now include these plays.</p>` : nothing}
    </section>`;
  }
}

customElements.define('echotune-imports', ImportsView);
