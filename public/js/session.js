/** Who is signed in, what the gateway is doing, and the polling rhythm shared by the pages. */
export const session = {
  /** The signed-in staff member (GET /api/auth/me). */
  user: null,
  /** The last GET /api/health/gateway answer. */
  gateway: null,
};

export const isDesk = () => session.user?.level === 'Administrator' || session.user?.level === 'Staf';

/**
 * How often lists refresh themselves, in ms: 5 s, or `localStorage['wa-ticketing.pollMs']`
 * (at least 200) — the browser tests set it low to stay fast.
 */
export function pollMs() {
  const v = Number(localStorage.getItem('wa-ticketing.pollMs'));
  return Number.isFinite(v) && v >= 200 ? v : 5000;
}

/**
 * Calls `fn` every `ms` while the tab is visible, one call at a time; returns stop().
 * `fn` handles its own errors. `background: true` keeps calling in a hidden tab too (the browser
 * slows it down): the new-work counter is read from the title of a tab in the background.
 */
export function poll(fn, ms = pollMs(), { background = false } = {}) {
  let timer;
  let stopped = false;
  let running = false;
  const tick = async () => {
    if (stopped || running) return;
    running = true;
    try {
      if (background || !document.hidden) await fn();
    } finally {
      running = false;
    }
    if (!stopped) timer = setTimeout(tick, ms);
  };
  timer = setTimeout(tick, ms);
  const onVisible = () => {
    if (!document.hidden && !stopped) {
      clearTimeout(timer);
      void tick();
    }
  };
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
