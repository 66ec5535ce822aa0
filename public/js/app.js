/** The dashboard's entry point: session, header, menu and the hash router. */
import { api, setSignedIn } from './api.js';
import { h } from './dom.js';
import { levelLabel } from './format.js';
import { onGateway, startGateway, stopGateway } from './gateway.js';
import { toast } from './notice.js';
import { renderNewWork, startNewWork, stopNewWork, visited } from './new-work.js';
import { current, go, renderRoute, route } from './router.js';
import { isDesk, session } from './session.js';
import { loginPage } from './pages/login.js';
import { monitoringPage } from './pages/monitoring.js';
import { ticketPage } from './pages/ticket.js';
import { statsPage } from './pages/stats.js';
import { employeesPage } from './pages/employees.js';
import { staffPage } from './pages/staff.js';
import { outboxPage } from './pages/outbox.js';
import { simulatorPage } from './pages/simulator.js';
import { inboxPage } from './pages/inbox.js';
import { newTicketPage } from './pages/new-ticket.js';
import { categoriesPage } from './pages/categories.js';
import { calendarPage } from './pages/calendar.js';
import { placesPage } from './pages/places.js';
import { placeQrPage } from './pages/place-qr.js';
import { repeatFaultsPage } from './pages/repeat-faults.js';
import { peopleImportPage } from './pages/people-import.js';
import { setPasswordPage } from './pages/set-password.js';
import { personalDataPage } from './pages/personal-data.js';

const DESK = ['Administrator', 'Staf'];

route('/login', loginPage);
route('/monitoring', monitoringPage);
route(/^\/tiket\/([A-Za-z]{1,8}\d{7,12})$/, ticketPage);
route('/statistik', statsPage);
route('/pegawai', employeesPage);
route('/petugas', staffPage);
route('/outbox', outboxPage);
route('/simulator', simulatorPage);
route('/kotak-masuk', inboxPage);
route(/^\/kotak-masuk\/(.+)$/, inboxPage);
route('/tiket-baru', newTicketPage);
route('/kategori', categoriesPage);
route('/kalender', calendarPage);
route('/tempat', placesPage);
route('/tempat/qr', placeQrPage);
route('/tempat/berulang', repeatFaultsPage);
route('/impor', peopleImportPage);
route(/^\/sandi\/([A-Za-z0-9_-]{20,100})$/, setPasswordPage);
route('/data-pribadi', personalDataPage);

/** The menu: what each level may open. The simulator shows only while the gateway is in dry-run. */
const menu = [
  { path: '/monitoring', label: () => (isDesk() ? 'Monitoring' : 'Tugas Saya') },
  { path: '/kotak-masuk', label: () => 'Kotak Masuk', levels: DESK },
  { path: '/tiket-baru', label: () => 'Tiket Baru', levels: DESK },
  { path: '/statistik', label: () => 'Statistik', levels: DESK },
  { path: '/pegawai', label: () => 'Pegawai', levels: DESK },
  { path: '/petugas', label: () => 'Petugas', levels: ['Administrator'] },
  { path: '/tempat', label: () => 'Tempat', levels: DESK },
  { path: '/tempat/berulang', label: () => 'Berulang', levels: DESK },
  { path: '/kategori', label: () => 'Kategori', levels: ['Administrator'] },
  { path: '/kalender', label: () => 'Kalender & SLA', levels: ['Administrator'] },
  { path: '/impor', label: () => 'Impor Data', levels: ['Administrator'] },
  { path: '/data-pribadi', label: () => 'Data Pribadi', levels: ['Administrator'] },
  { path: '/outbox', label: () => 'Pesan Keluar', levels: DESK },
  { path: '/simulator', label: () => 'Simulator WA', levels: DESK, dryRunOnly: true },
];

const main = document.getElementById('konten');

function forbiddenPage(page) {
  return {
    title: 'Akses ditolak',
    render(view) {
      view.append(
        h('h1', { text: 'Akses ditolak' }),
        h('p', { class: 'form-error', role: 'alert', text: `Halaman ${page.title} hanya untuk ${page.levels.join(' dan ')}.` }),
        h('p', {}, h('a', { href: '#/monitoring', text: 'Kembali ke Monitoring' })),
      );
    },
  };
}

function guard(page) {
  if (page === loginPage) {
    if (!session.user) return null;
    history.replaceState(null, '', '#/monitoring');
    return monitoringPage;
  }
  if (page.public) return null;
  if (!session.user) return loginPage;
  if (page.levels && !page.levels.includes(session.user.level)) return forbiddenPage(page);
  return null;
}

function renderNav(path) {
  const nav = document.getElementById('nav');
  const user = session.user;
  nav.hidden = !user;
  if (!user) return nav.replaceChildren();
  const items = menu.filter((m) => (!m.levels || m.levels.includes(user.level)) && (!m.dryRunOnly || session.gateway?.mode === 'dry_run'));
  nav.replaceChildren(
    h(
      'ul',
      {},
      items.map((m) =>
        h(
          'li',
          {},
          h('a', {
            href: `#${m.path}`,
            text: m.label(),
            'aria-current': path === m.path || (m.path === '/monitoring' && path.startsWith('/tiket/')) ? 'page' : null,
          }),
        ),
      ),
    ),
  );
}

function renderShell() {
  const user = session.user;
  document.getElementById('who').hidden = !user;
  document.body.classList.toggle('signed-in', !!user);
  if (user) {
    document.getElementById('user-name').textContent = user.name;
    document.getElementById('user-level').textContent = levelLabel[user.level] ?? user.level;
    const badge = document.getElementById('gateway-badge');
    if (isDesk()) badge.setAttribute('href', '#/outbox');
    else badge.removeAttribute('href');
    startGateway();
    startNewWork();
  } else {
    stopGateway();
    stopNewWork();
  }
}

let currentPath = '';
const show = () =>
  renderRoute(main, {
    guard,
    fallback: () => (session.user ? '/monitoring' : '/login'),
    onRender: (path) => {
      currentPath = path;
      renderNav(path);
      visited(path);
    },
  });

/** The login page announces the session it opened (POST /api/auth/login's answer). */
function signedIn(event) {
  setSignedIn(true);
  session.user = event.detail.staff;
  renderShell();
  // A link opened before signing in (#/tiket/…) is shown now; the sign-in page itself leads to Monitoring.
  if (current().path === '/login') go('/monitoring');
  else void show();
}

function toLogin() {
  if (location.hash === '#/login') void show();
  else go('/login');
}

async function signOut() {
  try {
    await api('/api/auth/logout', { method: 'POST' });
  } catch {
    // Signed out on this device whatever the server said.
  }
  endSession();
  toLogin();
}

function endSession() {
  setSignedIn(false);
  session.user = null;
  session.gateway = null;
  renderShell();
}

async function boot() {
  document.getElementById('logout').addEventListener('click', signOut);
  window.addEventListener('session-ended', () => {
    endSession();
    toast('Sesi berakhir. Silakan masuk lagi.', 'bad');
    toLogin();
  });
  window.addEventListener('signed-in', signedIn);
  onGateway(() => {
    renderNav(currentPath);
    renderNewWork();
  });
  // The tab-only token of earlier versions; the session is the cookie now.
  sessionStorage.removeItem('wa-ticketing.token');
  try {
    session.user = await api('/api/auth/me');
    setSignedIn(true);
  } catch {
    // Not signed in (or the server is away): the sign-in page says what it can.
  }
  renderShell();
  window.addEventListener('hashchange', show);
  await show();
}

void boot();
