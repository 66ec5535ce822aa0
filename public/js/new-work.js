/**
 * New work is hard to miss: one loop for the whole dashboard asks for the newest tickets
 * (GET /api/tickets, newest first, one small page) and, for the desk, the inbox summary
 * (GET /api/conversations/summary). What arrived since is counted in the tab title and as badges
 * on "Monitoring" and "Kotak Masuk", announced by an optional beep and desktop notification, and
 * marked in the Monitoring table until the ticket is opened.
 *
 * What was seen is kept in localStorage per staff member, so every tab of the browser agrees
 * (the 'storage' event redraws the others) and a reload does not forget a ticket not yet opened.
 * A technician's list holds only their own jobs, so they are told of their new jobs the same way.
 */
import { api, qs } from './api.js';
import { h } from './dom.js';
import { announce } from './new-work-alerts.js';
import { isDesk, poll, session } from './session.js';

/** Tracking numbers remembered per list; older ones drop off the end. */
const KEEP = 200;
const NEWEST = { sort: 'createdAt', order: 'desc', pageSize: 10 };

let stop = null;
let path = '';
let inbox = null;

const storageKey = () => `wa-ticketing.newWork.${session.user?.id}`;

function read() {
  try {
    const s = JSON.parse(localStorage.getItem(storageKey()) ?? 'null');
    if (s && Array.isArray(s.known)) return { unseen: [], unopened: [], inboxSeenAt: null, ...s };
  } catch {
    // A damaged entry starts afresh.
  }
  return { primed: false, known: [], unseen: [], unopened: [], inboxSeenAt: null };
}

function write(s) {
  localStorage.setItem(
    storageKey(),
    JSON.stringify({ ...s, known: s.known.slice(0, KEEP), unseen: s.unseen.slice(0, KEEP), unopened: s.unopened.slice(0, KEEP) }),
  );
}

const union = (a, b) => [...new Set([...b, ...a])];

/** Unread inbox messages that came after the user last opened the inbox. */
function inboxCount(s) {
  if (!inbox || !inbox.unread || !inbox.latestAt) return 0;
  return !s.inboxSeenAt || inbox.latestAt > s.inboxSeenAt ? inbox.unread : 0;
}

/** The route the user is looking at acknowledges what it shows. */
function acknowledge(s) {
  if (document.hidden) return;
  if (path === '/monitoring') s.unseen = [];
  if (path.startsWith('/tiket/')) {
    const no = path.slice('/tiket/'.length);
    s.unseen = s.unseen.filter((n) => n !== no);
    s.unopened = s.unopened.filter((n) => n !== no);
  }
  if (path.startsWith('/kotak-masuk') && inbox?.latestAt) s.inboxSeenAt = inbox.latestAt;
}

function badge(href, count) {
  const link = document.querySelector(`#nav a[href="${href}"]`);
  if (!link) return;
  link.querySelector('.nav-badge')?.remove();
  if (count > 0) link.append(h('span', { class: 'nav-badge', title: `${count} baru`, text: count > 99 ? '99+' : String(count) }));
}

/** Puts the counts in the title and on the menu (after every poll and every page render). */
export function renderNewWork() {
  if (!session.user) return;
  const s = read();
  const tickets = s.unseen.length;
  const messages = isDesk() ? inboxCount(s) : 0;
  const total = tickets + messages;
  const base = document.title.replace(/^\(\d+\+?\) /, '');
  document.title = total ? `(${total}) ${base}` : base;
  badge('#/monitoring', tickets);
  badge('#/kotak-masuk', messages);
}

async function tick() {
  const [page, summary] = await Promise.all([
    api(`/api/tickets${qs(NEWEST)}`).catch(() => null),
    isDesk() ? api('/api/conversations/summary').catch(() => null) : null,
  ]);
  if (!session.user) return;
  const s = read();
  let arrived = [];
  if (page) {
    const numbers = page.items.map((t) => t.trackingNo);
    if (s.primed) arrived = numbers.filter((n) => !s.known.includes(n));
    s.known = union(s.known, numbers);
    s.primed = true;
    s.unseen = union(s.unseen, arrived);
    s.unopened = union(s.unopened, arrived);
  }
  const earlier = inbox;
  if (summary) inbox = summary;
  const newMessage = !!(earlier && summary?.latestAt && summary.latestAt !== earlier.latestAt && summary.unread > 0);
  acknowledge(s);
  write(s);
  renderNewWork();
  if (arrived.length || newMessage) announce({ tickets: arrived, messages: newMessage ? summary.unread : 0 });
}

/** Starts the loop for the signed-in user (again after a sign-in); one loop whatever the page. */
export function startNewWork() {
  stopNewWork();
  void tick();
  stop = poll(tick, undefined, { background: true });
}

export function stopNewWork() {
  stop?.();
  stop = null;
  inbox = null;
}

/** The router showed `newPath`: what it shows counts as seen. */
export function visited(newPath) {
  path = newPath;
  if (!session.user) return;
  const s = read();
  acknowledge(s);
  write(s);
  renderNewWork();
}

/** Whether a ticket arrived since the user last opened it (the Monitoring table marks its row). */
export function isUnopened(trackingNo) {
  return session.user ? read().unopened.includes(trackingNo) : false;
}

// Another tab saw or opened something: its counts are ours too.
window.addEventListener('storage', (e) => {
  if (e.key === storageKey()) renderNewWork();
});
document.addEventListener('visibilitychange', () => visited(path));
