/**
 * How new work is announced besides the counts: a short beep (off until the user turns it on,
 * remembered in localStorage) and a desktop notification (permission asked only when the user
 * presses "Aktifkan notifikasi", and only once).
 */
import { h } from './dom.js';

const SOUND_KEY = 'wa-ticketing.sound';
const ASKED_KEY = 'wa-ticketing.notificationAsked';

let audio = null;

const soundOn = () => localStorage.getItem(SOUND_KEY) === 'on';
const notifications = () => ('Notification' in window ? window.Notification : null);

/** A 0.15 s tone. The AudioContext is made on the user's click, as browsers require. */
function beep() {
  if (!audio || audio.state === 'closed') return;
  void audio.resume();
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.frequency.value = 880;
  gain.gain.setValueAtTime(0.15, audio.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.15);
  osc.connect(gain).connect(audio.destination);
  osc.start();
  osc.stop(audio.currentTime + 0.16);
}

function sentence({ tickets, messages }) {
  const parts = [];
  if (tickets.length) parts.push(`${tickets.length} laporan baru (${tickets.slice(0, 3).join(', ')}${tickets.length > 3 ? ', …' : ''})`);
  if (messages) parts.push(`${messages} pesan belum dibaca di Kotak Masuk`);
  return parts.join(' dan ');
}

/** Beeps and notifies for what just arrived: `tickets` (tracking numbers) and unread inbox `messages`. */
export function announce(what) {
  if (soundOn()) beep();
  const N = notifications();
  if (!N || N.permission !== 'granted' || (!document.hidden && document.hasFocus())) return;
  const n = new N('wa-ticketing', { body: sentence(what), tag: 'wa-ticketing-new-work' });
  n.onclick = () => {
    window.focus();
    location.hash = what.tickets.length ? '#/monitoring' : '#/kotak-masuk';
    n.close();
  };
}

/** The sound switch and the notification button, for the top of a list. */
export function newWorkControls() {
  const sound = h('input', { type: 'checkbox', checked: soundOn() });
  sound.addEventListener('change', () => {
    localStorage.setItem(SOUND_KEY, sound.checked ? 'on' : 'off');
    if (sound.checked) {
      audio ??= new AudioContext();
      beep();
    }
  });
  const notice = h('span', { class: 'muted' });
  const ask = h('button', { type: 'button', class: 'secondary', text: 'Aktifkan notifikasi' });
  function show() {
    const N = notifications();
    const state = N?.permission ?? 'unsupported';
    ask.hidden = state !== 'default' || localStorage.getItem(ASKED_KEY) === 'yes';
    notice.textContent =
      state === 'granted'
        ? 'Notifikasi desktop aktif'
        : state === 'denied'
          ? 'Notifikasi diblokir di pengaturan peramban'
          : state === 'unsupported' || !ask.hidden
            ? ''
            : 'Notifikasi belum diizinkan';
  }
  ask.addEventListener('click', async () => {
    localStorage.setItem(ASKED_KEY, 'yes');
    await notifications()?.requestPermission();
    show();
  });
  show();
  // The sound may be on from an earlier visit; the context is made at the first click of the page.
  if (soundOn()) document.addEventListener('click', () => (audio ??= new AudioContext()), { once: true });
  return h(
    'div',
    { class: 'new-work-controls no-print' },
    h('label', { class: 'check' }, sound, ' Bunyi saat ada yang masuk'),
    ask,
    notice,
  );
}
