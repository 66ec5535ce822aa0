/** Short confirmations ("Teknisi ditugaskan") in a polite live region at the bottom of the screen. */
let timer;

export function toast(message, kind = 'ok') {
  const el = document.getElementById('toast');
  if (!el) return;
  el.textContent = message;
  el.className = `toast toast-${kind} show`;
  clearTimeout(timer);
  timer = setTimeout(() => el.classList.remove('show'), 4000);
}
