/** The gateway badge in the header: is the Fonnte device connected, and is anything stuck in the outbox? */
import { api } from './api.js';
import { session } from './session.js';

const listeners = new Set();
let timer;

/** Calls `fn(health)` after every refresh; returns the unsubscribe function. */
export function onGateway(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The badge's text and tone for a health answer. */
export function describeGateway(g) {
  if (!g) return { text: 'Gateway: tidak diketahui', tone: 'muted' };
  const dead = g.outbox.dead ? ` · ${g.outbox.dead} gagal` : '';
  if (g.mode === 'dry_run') return { text: `Gateway: mode uji (dry-run)${dead}`, tone: 'info' };
  if (g.connected === true) return { text: `Perangkat WA terhubung${dead}`, tone: dead ? 'warn' : 'ok' };
  if (g.connected === false) return { text: `Perangkat WA terputus${dead}`, tone: 'bad' };
  return { text: `Status perangkat WA belum dilaporkan${dead}`, tone: 'warn' };
}

/** Fetches GET /api/health/gateway now and updates the badge. */
export async function refreshGateway() {
  try {
    session.gateway = await api('/api/health/gateway');
  } catch {
    session.gateway = null;
  }
  const badge = document.getElementById('gateway-badge');
  const { text, tone } = describeGateway(session.gateway);
  if (badge) {
    badge.textContent = text;
    badge.className = `gateway gateway-${tone}`;
  }
  for (const fn of listeners) fn(session.gateway);
  return session.gateway;
}

/** Refreshes the badge now and every 30 s until stopGateway(). */
export function startGateway() {
  stopGateway();
  const tick = async () => {
    if (!session.user) return;
    await refreshGateway();
    timer = setTimeout(tick, 30_000);
  };
  void tick();
}

export function stopGateway() {
  clearTimeout(timer);
}
