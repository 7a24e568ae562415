// The public API of docs/API.md, as the browser calls it: same-origin, authenticated by the session cookie, every
// write carrying the session's CSRF token (the readable echotune_csrf cookie, echoed in a header the gateway checks).

export interface Problem {
  status: number;
  title: string;
  detail: string;
  retryAfterSeconds?: number;
}

/** A failed call, with the problem+json the gateway or a service answered (or a description of the network failure). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }

  get status(): number {
    return this.problem.status;
  }
}

const CSRF_COOKIE = 'echotune_csrf';
const CSRF_HEADER = 'X-CSRF-Token';

function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE) {
      return decodeURIComponent(value.join('='));
    }
  }
  return undefined;
}

function headersFor(method: string, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extra };
  const token = method === 'GET' || method === 'HEAD' ? undefined : csrfToken();
  if (token) {
    headers[CSRF_HEADER] = token;
  }
  return headers;
}

async function problemOf(response: Response): Promise<Problem> {
  const retryAfter = Number(response.headers.get('Retry-After'));
  let body: Partial<Problem> = {};
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy's error page): the status says enough
  }
  return {
    status: response.status,
    title: body.title ?? response.statusText,
    detail: body.detail ?? describeStatus(response.status),
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  };
}

function describeStatus(status: number): string {
  if (status === 401) return 'Your session has ended; sign in again.';
  if (status === 429) return 'Too many requests; wait a moment and try again.';
  if (status >= 500) return 'EchoTune could not answer right now; try again shortly.';
  return `The request failed (HTTP ${status}).`;
}

const listeners = new Set<() => void>();

/** Called when any call answers 401: the app goes back to the sign-in screen. */
export function onSignedOut(listener: () => void): void {
  listeners.add(listener);
}

async function send(method: string, path: string, body?: unknown, extra?: Record<string, string>): Promise<Response> {
  let response: Response;
  try {
    const init: RequestInit = { method, credentials: 'same-origin', headers: headersFor(method, extra) };
    if (body instanceof FormData) {
      init.body = body;
    } else if (body !== undefined) {
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    response = await fetch(path, init);
  } catch {
    throw new ApiError({ status: 0, title: 'Offline', detail: 'EchoTune cannot be reached; check your connection.' });
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401) {
      listeners.forEach((listener) => listener());
    }
    throw new ApiError(problem);
  }
  return response;
}

export async function get<T>(path: string): Promise<T> {
  return (await send('GET', path)).json();
}

export async function post<T>(path: string, body?: unknown): Promise<T> {
  const response = await send('POST', path, body);
  return response.status === 204 || response.status === 202 && response.headers.get('Content-Length') === '0'
    ? (undefined as T) : response.json().catch(() => undefined as T);
}

export async function put<T>(path: string, body: unknown): Promise<T> {
  return (await send('PUT', path, body)).json();
}

export async function del(path: string): Promise<void> {
  await send('DELETE', path);
}

/** A DELETE that answers a body (erasing the account answers the erasure to follow). */
export async function delJson<T>(path: string): Promise<T> {
  return (await send('DELETE', path)).json();
}

/**
 * A GET that needs no credentials and must not sign the app out: an erasure's status, read after the account (and so
 * the session) is gone.
 */
export async function getAnonymous<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'omit', headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError({ status: 0, title: 'Offline', detail: 'EchoTune cannot be reached; check your connection.' });
  }
  if (!response.ok) {
    throw new ApiError(await problemOf(response));
  }
  return response.json();
}

/** Builds a query string from the defined values only. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface ServerEvent {
  event: string;
  data: string;
}

/**
 * POSTs and reads the answer as a text/event-stream, calling onEvent for each event as it arrives (EventSource
 * cannot POST). Ends when the server closes the stream.
 */
export async function postStream(path: string, body: unknown, onEvent: (event: ServerEvent) => void): Promise<void> {
  const response = await send('POST', path, body, { Accept: 'text/event-stream' });
  if (!response.body) {
    throw new ApiError({ status: 0, title: 'No stream', detail: 'The browser did not receive the reply stream.' });
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const parsed = parseEvent(block);
      if (parsed) onEvent(parsed);
    }
  }
  const last = parseEvent(buffer);
  if (last) onEvent(last);
}

function parseEvent(block: string): ServerEvent | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  return data.length ? { event, data: data.join('\n') } : undefined;
}

/**
 * Uploads with XMLHttpRequest, the one browser API that reports upload progress (fetch does not).
 */
export function upload<T>(path: string, form: FormData, onProgress: (sent: number, total: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    for (const [name, value] of Object.entries(headersFor('POST'))) {
      request.setRequestHeader(name, value);
    }
    request.upload.onprogress = (event) => onProgress(event.loaded, event.total);
    request.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // not JSON
      }
      if (request.status >= 200 && request.status < 300) {
        resolve(body as T);
      } else {
        if (request.status === 401) listeners.forEach((listener) => listener());
        reject(new ApiError({
          status: request.status,
          title: String(body.title ?? request.statusText),
          detail: String(body.detail ?? describeStatus(request.status)),
        }));
      }
    };
    request.onerror = () => reject(new ApiError({ status: 0, title: 'Offline', detail: 'The upload could not reach EchoTune.' }));
    request.send(form);
  });
}
