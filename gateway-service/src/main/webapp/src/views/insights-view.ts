import { html, nothing, type TemplateResult } from 'lit';
import { get, query } from '../api';
import { LightElement, dateTime, hours, minutes } from '../element';
import { bubbles, draw, groupedBars, horizontalBars } from './charts';

interface Summary {
  records: number;
  streams: number;
  msPlayed: number;
  uniqueTracks: number;
  uniqueArtists: number;
  skipRate: number;
  firstPlayedAt?: string;
  lastPlayedAt?: string;
}
interface ArtistRank { artist: string; streams: number; msPlayed: number }
interface TrackRank { trackUri?: string; track: string; artist: string; streams: number; msPlayed: number }
interface GenreRank { genre: string; streams: number; msPlayed: number }
interface HeatmapCell { weekday: number; hour: number; streams: number; msPlayed: number }
interface DiscoveryMonth { month: string; newArtists: number; newTracks: number }
interface MoodCell { valenceFrom: number; valenceTo: number; energyFrom: number; energyTo: number; records: number; msPlayed: number }
interface Mood {
  cells: MoodCell[];
  meanValence?: number;
  meanEnergy?: number;
  coverage: { records: number; recordsWithFeatures: number; recordShare: number };
}
interface ListeningSession { start: string; end: string; durationMs: number; records: number; msPlayed: number }
interface Forgotten { track: string; artist: string; streams: number; msPlayed: number; lastPlayedAt: string }
interface YearInReview {
  year: number;
  records: number;
  streams: number;
  totalMinutes: number;
  topArtist?: ArtistRank;
  topTrack?: TrackRank;
  topGenre?: GenreRank;
  newArtists: number;
  newTracks: number;
  busiestHour?: { hour: number };
  busiestWeekday?: { weekday: number };
  months: { month: string; minutes: number; streams: number }[];
}

interface Insights {
  summary: Summary;
  artists: ArtistRank[];
  tracks: TrackRank[];
  genres: GenreRank[];
  heatmap: HeatmapCell[];
  discovery: DiscoveryMonth[];
  mood: Mood;
  sessions: { totalSessions: number; items: ListeningSession[] };
  forgotten: Forgotten[];
  year?: YearInReview;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const HEAT_LEVELS = 8;

function defaultZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * Insights: summary cards and charts of the person's listening for a date range in their time zone. Every chart has
 * its numbers in a table right below it (for screen readers, and so the figures can be checked).
 */
class InsightsView extends LightElement {
  static override properties = {
    data: { state: true },
    error: { state: true },
    loading: { state: true },
    by: { state: true },
    from: { state: true },
    to: { state: true },
    tz: { state: true },
  };

  data?: Insights;
  error?: string;
  loading = false;
  by: 'msPlayed' | 'streams' = 'msPlayed';
  from = '';
  to = '';
  tz = defaultZone();

  override connectedCallback(): void {
    super.connectedCallback();
    get<{ timeZone?: string }>('/api/v1/me/preferences')
      .then((preferences) => { if (preferences.timeZone) this.tz = preferences.timeZone; })
      .catch(() => undefined)
      .finally(() => void this.load());
  }

  private async load(): Promise<void> {
    this.loading = true;
    this.error = undefined;
    const window = { from: this.from, to: this.to, tz: this.tz };
    const base = '/api/v1/insights';
    try {
      const [summary, artists, tracks, genres, heatmap, discovery, mood, sessions, forgotten] = await Promise.all([
        get<Summary>(`${base}/summary${query(window)}`),
        get<ArtistRank[]>(`${base}/top-artists${query({ ...window, limit: 10, by: this.by })}`),
        get<TrackRank[]>(`${base}/top-tracks${query({ ...window, limit: 10, by: this.by })}`),
        get<GenreRank[]>(`${base}/top-genres${query({ ...window, limit: 10 })}`),
        get<{ cells: HeatmapCell[] }>(`${base}/heatmap${query(window)}`),
        get<DiscoveryMonth[]>(`${base}/discovery${query(window)}`),
        get<Mood>(`${base}/mood${query(window)}`),
        get<Insights['sessions']>(`${base}/sessions${query({ ...window, limit: 10 })}`),
        get<Forgotten[]>(`${base}/forgotten-favorites${query({ ...window, limit: 10 })}`),
      ]);
      const lastYear = summary.lastPlayedAt ? new Date(summary.lastPlayedAt).getUTCFullYear() : undefined;
      const year = lastYear ? await get<YearInReview>(`${base}/year/${lastYear}${query({ tz: this.tz })}`) : undefined;
      this.data = { summary, artists, tracks, genres, heatmap: heatmap.cells, discovery, mood, sessions, forgotten, year };
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.loading = false;
    }
  }

  protected override updated(): void {
    const data = this.data;
    if (!data || data.summary.records === 0) return;
    const measure = (value: { msPlayed: number; streams: number }) => this.by === 'streams' ? value.streams : Math.round(value.msPlayed / 60000);
    const unit = this.by === 'streams' ? 'Streams' : 'Minutes';
    this.chart('chart-artists', horizontalBars(data.artists.map((a) => a.artist), data.artists.map(measure), unit));
    this.chart('chart-tracks', horizontalBars(data.tracks.map((t) => `${t.track} – ${t.artist}`), data.tracks.map(measure), unit));
    this.chart('chart-genres', horizontalBars(data.genres.map((g) => g.genre), data.genres.map((g) => Math.round(g.msPlayed / 60000)), 'Minutes'));
    this.chart('chart-discovery', groupedBars(data.discovery.map((d) => d.month), [
      { label: 'New artists', values: data.discovery.map((d) => d.newArtists) },
      { label: 'New tracks', values: data.discovery.map((d) => d.newTracks) },
    ]));
    const most = Math.max(1, ...data.mood.cells.map((cell) => cell.records));
    this.chart('chart-mood', bubbles(data.mood.cells.filter((cell) => cell.records > 0).map((cell) => ({
      x: (cell.valenceFrom + cell.valenceTo) / 2, y: (cell.energyFrom + cell.energyTo) / 2, r: 3 + 15 * Math.sqrt(cell.records / most),
    })), 'Valence (sad → happy)', 'Energy (calm → intense)'));
    if (data.year) {
      this.chart('chart-year', groupedBars(data.year.months.map((m) => m.month), [{ label: 'Minutes', values: data.year.months.map((m) => m.minutes) }]));
    }
    if (performance.getEntriesByName('echotune:insights-drawn').length === 0) {
      // When the first charts stood on the page (docs/benchmarks.md reads it in the browser test).
      performance.mark('echotune:insights-drawn');
    }
  }

  private chart(id: string, config: Parameters<typeof draw>[1]): void {
    const canvas = this.querySelector<HTMLCanvasElement>(`#${id}`);
    if (canvas) draw(canvas, config);
  }

  private apply(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    this.from = value('from');
    this.to = value('to');
    this.tz = value('tz').trim() || 'UTC';
    this.by = value('by') as 'msPlayed' | 'streams';
    void this.load();
  }

  override render(): TemplateResult {
    return html`<h1 tabindex="-1">Insights</h1>
      <form class="filters" @submit=${(event: SubmitEvent) => this.apply(event)} aria-label="Date range and time zone">
        <label>From <input type="date" name="from" .value=${this.from}></label>
        <label>To (exclusive) <input type="date" name="to" .value=${this.to}></label>
        <label>Time zone <input name="tz" .value=${this.tz} size="18" list="zones"></label>
        <datalist id="zones">${['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo']
          .map((zone) => html`<option value=${zone}></option>`)}</datalist>
        <label>Rank by <select name="by">
          <option value="msPlayed" ?selected=${this.by === 'msPlayed'}>listening time</option>
          <option value="streams" ?selected=${this.by === 'streams'}>streams</option></select></label>
        <button type="submit" class="primary">Show</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.loading && !this.data ? html`<p aria-busy="true">Counting your plays…</p>` : nothing}
      ${this.data ? this.body(this.data) : nothing}`;
  }

  private body(data: Insights): TemplateResult {
    const summary = data.summary;
    if (summary.records === 0) {
      return html`<div class="empty"><p>No listening history ${this.from || this.to ? 'in this date range' : 'yet'}.</p>
        <p><a href="/imports">Import your Spotify history</a> to see your insights.</p></div>`;
    }
    const by = this.by === 'streams' ? 'streams' : 'minutes';
    return html`
      <section aria-label="Summary" class="cards" id="summary">
        ${card('Listening time', `${hours(summary.msPlayed)} h`, 'summary-hours')}
        ${card('Streams', summary.streams.toLocaleString('en'), 'summary-streams')}
        ${card('Plays', summary.records.toLocaleString('en'), 'summary-records')}
        ${card('Tracks', summary.uniqueTracks.toLocaleString('en'), 'summary-tracks')}
        ${card('Artists', summary.uniqueArtists.toLocaleString('en'), 'summary-artists')}
        ${card('Skip rate', `${(summary.skipRate * 100).toFixed(1)} %`, 'summary-skip-rate')}
      </section>
      <p class="muted small">From ${dateTime(summary.firstPlayedAt)} to ${dateTime(summary.lastPlayedAt)} · ${this.tz}</p>
      <div class="chart-grid">
        ${figure('Top artists', 'chart-artists', table(['Artist', 'Streams', 'Minutes'],
          data.artists.map((a) => [a.artist, a.streams, minutes(a.msPlayed)]), 'table-artists'), `by ${by}`)}
        ${figure('Top tracks', 'chart-tracks', table(['Track', 'Artist', 'Streams', 'Minutes'],
          data.tracks.map((t) => [t.track, t.artist, t.streams, minutes(t.msPlayed)]), 'table-tracks'), `by ${by}`)}
        ${figure('Top genres', 'chart-genres', table(['Genre', 'Streams', 'Minutes'],
          data.genres.map((g) => [g.genre, g.streams, minutes(g.msPlayed)]), 'table-genres'), 'by minutes',
          data.genres.length === 0 ? 'No genres yet: the catalog knows none of these artists\' genres.' : undefined)}
        ${figure('Discovery per month', 'chart-discovery', table(['Month', 'New artists', 'New tracks'],
          data.discovery.map((d) => [d.month, d.newArtists, d.newTracks]), 'table-discovery'))}
      </div>
      ${this.heatmap(data.heatmap)}
      <div class="chart-grid">
        ${figure('Mood of what you play', 'chart-mood', table(['Valence', 'Energy', 'Plays', 'Minutes'],
          data.mood.cells.filter((cell) => cell.records > 0).map((cell) => [
            `${cell.valenceFrom.toFixed(1)}–${cell.valenceTo.toFixed(1)}`, `${cell.energyFrom.toFixed(1)}–${cell.energyTo.toFixed(1)}`,
            cell.records, minutes(cell.msPlayed)]), 'table-mood'),
          `${(data.mood.coverage.recordShare * 100).toFixed(0)} % of plays have audio features`,
          data.mood.coverage.recordsWithFeatures === 0 ? 'No audio features for these plays yet: the catalog may still be loading.' : undefined)}
        ${data.year ? figure(`${data.year.year} in review`, 'chart-year', html`
          <ul class="facts">
            <li>${data.year.totalMinutes.toLocaleString('en')} minutes, ${data.year.streams.toLocaleString('en')} streams</li>
            ${data.year.topArtist ? html`<li>Top artist: ${data.year.topArtist.artist}</li>` : nothing}
            ${data.year.topTrack ? html`<li>Top track: ${data.year.topTrack.track} – ${data.year.topTrack.artist}</li>` : nothing}
            ${data.year.topGenre ? html`<li>Top genre: ${data.year.topGenre.genre}</li>` : nothing}
            <li>${data.year.newArtists.toLocaleString('en')} new artists, ${data.year.newTracks.toLocaleString('en')} new tracks</li>
            ${data.year.busiestWeekday ? html`<li>Busiest day: ${WEEKDAYS[data.year.busiestWeekday.weekday - 1]}${data.year.busiestHour ? `, busiest hour ${data.year.busiestHour.hour}:00` : ''}</li>` : nothing}
          </ul>
          ${table(['Month', 'Minutes', 'Streams'], data.year.months.map((m) => [m.month, m.minutes, m.streams]), 'table-year')}`,
          'minutes per month') : nothing}
      </div>
      <section class="panel" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Recent listening sessions <span class="muted small">(${data.sessions.totalSessions.toLocaleString('en')} in all; 30 minutes apart starts a new one)</span></h2>
        ${table(['Started', 'Ended', 'Minutes', 'Plays'], data.sessions.items.map((s) => [dateTime(s.start), dateTime(s.end),
          minutes(s.durationMs), s.records]), 'table-sessions', true)}
      </section>
      <section class="panel" aria-labelledby="forgotten-title">
        <h2 id="forgotten-title">Forgotten favourites</h2>
        ${data.forgotten.length === 0 ? html`<p class="muted">Nothing you loved has gone quiet.</p>`
          : table(['Track', 'Artist', 'Streams', 'Last played'], data.forgotten.map((f) => [f.track, f.artist, f.streams,
            dateTime(f.lastPlayedAt)]), 'table-forgotten', true)}
      </section>`;
  }

  /** Weekday x hour as a grid of cells shaded in eight steps (CSS classes: no inline styles under the CSP). */
  private heatmap(cells: HeatmapCell[]): TemplateResult {
    const value = (cell: HeatmapCell) => this.by === 'streams' ? cell.streams : cell.msPlayed;
    const most = Math.max(1, ...cells.map(value));
    const at = new Map(cells.map((cell) => [`${cell.weekday}-${cell.hour}`, cell]));
    const hoursOfDay = Array.from({ length: 24 }, (_, hour) => hour);
    return html`<section class="panel" aria-labelledby="heatmap-title">
      <h2 id="heatmap-title">When you listen <span class="muted small">(${this.tz}, by ${this.by === 'streams' ? 'streams' : 'minutes'})</span></h2>
      <table class="heatmap" id="table-heatmap">
        <caption class="visually-hidden">Listening by weekday and hour</caption>
        <thead><tr><th scope="col">Day</th>${hoursOfDay.map((hour) => html`<th scope="col">${hour}</th>`)}</tr></thead>
        <tbody>${WEEKDAYS.map((day, index) => html`<tr><th scope="row">${day}</th>${hoursOfDay.map((hour) => {
          const cell = at.get(`${index + 1}-${hour}`);
          const amount = cell ? value(cell) : 0;
          const level = amount === 0 ? 0 : Math.max(1, Math.ceil((amount / most) * (HEAT_LEVELS - 1)));
          const shown = this.by === 'streams' ? String(amount) : minutes(amount);
          return html`<td class=${`heat-${level}`} title=${`${day} ${hour}:00: ${shown}`}><span class="visually-hidden">${shown}</span></td>`;
        })}</tr>`)}</tbody>
      </table></section>`;
  }
}

function card(label: string, value: string, id: string): TemplateResult {
  return html`<div class="card"><span class="card-label">${label}</span><span class="card-value" id=${id}>${value}</span></div>`;
}

function figure(title: string, canvasId: string, tableContent: TemplateResult, note?: string, empty?: string): TemplateResult {
  return html`<figure class="panel">
    <figcaption><h2>${title}</h2>${note ? html`<span class="muted small">${note}</span>` : nothing}</figcaption>
    ${empty ? html`<p class="muted">${empty}</p>` : html`<div class="chart-box"><canvas id=${canvasId} role="img" aria-label=${`${title} chart; the table below has the figures`}></canvas></div>`}
    <details><summary>Show as table</summary>${tableContent}</details>
  </figure>`;
}

function table(headers: string[], rows: (string | number)[][], id: string, visible = false): TemplateResult {
  return html`<table class="data ${visible ? '' : 'compact'}" id=${id}>
    <thead><tr>${headers.map((header) => html`<th scope="col">${header}</th>`)}</tr></thead>
    <tbody>${rows.map((row) => html`<tr>${row.map((cell) => html`<td>${typeof cell === 'number' ? cell.toLocaleString('en') : cell}</td>`)}</tr>`)}</tbody>
  </table>`;
}

customElements.define('echotune-insights', InsightsView);
