/**
 * The API client: JSON over fetch. The session is an HttpOnly cookie the server sets at sign-in
 * (shared by every tab, never readable here: see src/http/auth.middleware.ts); every request says
 * it comes from the dashboard with `X-Requested-With`, which the server requires of cookie writes.
 * A 401 while signed in ends the session for the whole dashboard.
 */
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let signedIn = false;

/** The shell says when a session is open, so a 401 after that means it ended (and a wrong password does not). */
export function setSignedIn(value) {
  signedIn = value;
}

/** `?a=1&b=x` from an object, leaving out empty values; arrays are joined with commas. */
export function qs(params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const v = Array.isArray(value) ? value.join(',') : value;
    if (v !== undefined && v !== null && v !== '') search.set(key, String(v));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

async function send(path, { method = 'GET', body, signal } = {}) {
  const headers = { accept: 'application/json', 'x-requested-with': 'wa-ticketing' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', 'server tidak dapat dihubungi');
  }
  if (res.ok) return res;
  const json = await res.json().catch(() => ({}));
  const e = json.error ?? {};
  const error = new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText, e.details);
  if (res.status === 401 && signedIn) {
    signedIn = false;
    window.dispatchEvent(new CustomEvent('session-ended', { detail: error }));
  }
  throw error;
}

/** A JSON request; resolves to the parsed body (null for 204). */
export async function api(path, options) {
  const res = await send(path, options);
  return res.status === 204 ? null : res.json();
}

/**
 * A file from the API as a Blob, reading the stream so `onProgress(bytes)` can show how far a
 * long download got (exports are streamed without a length).
 */
export async function apiBlob(path, { onProgress, signal } = {}) {
  const res = await send(path, { signal });
  const type = res.headers.get('content-type') ?? 'application/octet-stream';
  const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? null;
  if (!res.body || !onProgress) return { blob: await res.blob(), filename, type };
  const reader = res.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress(received);
  }
  return { blob: new Blob(chunks, { type }), filename, type };
}

/** Saves a blob under `filename` through a temporary object URL. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Indonesian sentences for API errors live beside the client, in a module without DOM. */
export { describeError } from './error-text.js';
