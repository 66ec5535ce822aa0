/**
 * Hash routes: `#/monitoring?status=baru`, `#/tiket/BRT2409001`. A page is
 * `{ title, levels, render(main, ctx) }`; render may return a cleanup function (stop polling,
 * revoke object URLs), called before the next page renders.
 */
import { describeError } from './api.js';

const routes = [];
let cleanup = null;
let renderSeq = 0;

/** Registers `pattern` (a string path or a RegExp whose groups become ctx.args). */
export function route(pattern, page) {
  routes.push({ pattern, page });
}

/** The current hash as { path, params }. */
export function current() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return { path: path || '/', params: new URLSearchParams(query) };
}

export function href(path, params) {
  const q = params ? new URLSearchParams(params).toString() : '';
  return `#${path}${q ? `?${q}` : ''}`;
}

/** Navigates (a new history entry). */
export function go(path, params) {
  location.hash = href(path, params);
}

/** Rewrites the query of the current route without re-rendering (filters, paging). */
export function replaceParams(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length)) q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  const s = q.toString();
  history.replaceState(null, '', `#${current().path}${s ? `?${s}` : ''}`);
}

function match(path) {
  for (const { pattern, page } of routes) {
    if (typeof pattern === 'string' ? pattern === path : false) return { page, args: [] };
    if (pattern instanceof RegExp) {
      const m = pattern.exec(path);
      if (m) return { page, args: m.slice(1).map(decodeURIComponent) };
    }
  }
  return null;
}

/**
 * Renders the current route into `main`. `guard(page)` may answer a replacement page
 * (sign-in, access denied) and `fallback` is the path for unknown hashes.
 */
export async function renderRoute(main, { guard, fallback, onRender }) {
  const seq = ++renderSeq;
  // A form left open in a dialog (session ended, back button) belongs to the page being left.
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  if (cleanup) {
    const fn = cleanup;
    cleanup = null;
    fn();
  }
  const { path, params } = current();
  const found = match(path);
  if (!found) {
    history.replaceState(null, '', `#${fallback()}`);
    return renderRoute(main, { guard, fallback, onRender });
  }
  const page = guard(found.page) ?? found.page;
  // A fresh container per render: a page still loading after the user moved on writes into a detached node.
  const view = document.createElement('div');
  view.className = 'view';
  main.replaceChildren(view);
  main.setAttribute('aria-busy', 'true');
  document.title = `${page.title} — wa-ticketing`;
  onRender?.(path, page);
  let result;
  try {
    result = await page.render(view, { params, args: found.args });
  } catch (err) {
    if (err?.code === 'UNAUTHORIZED') return; // the session-ended handler shows the sign-in page
    const message = document.createElement('p');
    message.className = 'form-error';
    message.setAttribute('role', 'alert');
    message.textContent = describeError(err);
    view.replaceChildren(message);
  }
  if (seq !== renderSeq) {
    // The user moved on while this page loaded: stop it at once.
    if (typeof result === 'function') result();
    return;
  }
  main.removeAttribute('aria-busy');
  cleanup = typeof result === 'function' ? result : null;
}
