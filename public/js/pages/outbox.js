/**
 * Pesan Keluar: replies not delivered (yet), with "Kirim ulang" for dead ones, and the state of
 * the Fonnte device behind them (GET /api/health/gateway).
 */
import { api, describeError, qs } from '../api.js';
import { button, field, h, replace, select } from '../dom.js';
import { facts } from '../ticket-view.js';
import { fmtDateTime, fmtDuration, kindLabel, outboxStatusLabel, shorten } from '../format.js';
import { describeGateway, refreshGateway } from '../gateway.js';
import { newestOnly } from '../newest.js';
import { toast } from '../notice.js';
import { loadingBar, pager } from '../pager.js';
import { poll } from '../session.js';

const filters = [
  ['queued,sending,retry,dead', 'Belum terkirim (semua)'],
  ['dead', 'Gagal'],
  ['retry', 'Menunggu dicoba ulang'],
  ['queued,sending', 'Antre / sedang dikirim'],
  ['dry_run', 'Mode uji (tidak dikirim)'],
  ['sent', 'Terkirim'],
  ['', 'Semua pesan'],
];

function healthFacts(g) {
  if (!g) return h('p', { class: 'muted', text: 'Status gateway tidak dapat dibaca.' });
  const { text, tone } = describeGateway(g);
  return h(
    'div',
    {},
    h('p', { class: `gateway gateway-${tone} big`, text }),
    facts([
      ['Mode', g.mode === 'dry_run' ? 'Uji (dry-run): balasan disimpan, tidak dikirim' : 'Langsung (pesan dikirim lewat Fonnte)'],
      ['Perangkat', g.device ?? '—'],
      ['Laporan terakhir Fonnte', g.reportedAt ? fmtDateTime(g.reportedAt) : 'belum pernah'],
      ['Alasan', g.reason],
      ['Antre', String(g.outbox.queued)],
      ['Menunggu dicoba ulang', String(g.outbox.retry)],
      ['Sedang dikirim', String(g.outbox.sending)],
      ['Gagal', String(g.outbox.dead)],
      ['Antrean tertua menunggu', g.outbox.oldestDueAgeSeconds === null ? null : fmtDuration(g.outbox.oldestDueAgeSeconds * 1000)],
    ]),
  );
}

export const outboxPage = {
  title: 'Pesan Keluar',
  levels: ['Administrator', 'Staf'],
  async render(view) {
    const state = { status: filters[0][0], page: 1, pageSize: 20 };
    const health = h('div');
    const body = h('tbody');
    const loading = loadingBar('Memuat pesan…');
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const pages = pager({ label: 'Halaman pesan', onChange: (p) => change(p) });
    const status = select({ name: 'status' }, filters, state.status);
    status.addEventListener('change', () => change({ status: status.value, page: 1 }));
    const head = ['Waktu', 'Tujuan', 'Tiket', 'Jenis', 'Pesan', 'Status', 'Percobaan', 'Galat terakhir', 'Menu'];

    view.append(
      h('h1', { text: 'Pesan Keluar' }),
      h('section', { class: 'card', 'aria-label': 'Gateway WhatsApp' }, h('h2', { text: 'Gateway WhatsApp (Fonnte)' }), health),
      h('form', { class: 'filters', 'aria-label': 'Saring pesan' }, h('div', { class: 'filter-row' }, field('Tampilkan', status))),
      loading,
      error,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data outbox' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              head.map((c) => h('th', { scope: 'col', text: c })),
            ),
          ),
          body,
        ),
      ),
      pages.el,
    );

    async function retry(m, button) {
      button.disabled = true;
      try {
        await api(`/api/outbox/${m.id}/retry`, { method: 'POST' });
        toast(`Pesan ke ${m.target} diantrekan lagi.`);
        await load();
      } catch (err) {
        button.disabled = false;
        toast(describeError(err), 'bad');
      }
    }

    const row = (m) => {
      const cell = (label, ...c) => h('td', { dataset: { label } }, ...c);
      return h(
        'tr',
        { dataset: { id: String(m.id), status: m.status } },
        cell('Waktu', fmtDateTime(m.createdAt)),
        cell('Tujuan', m.target),
        cell('Tiket', m.ticketTrackingNo ? h('a', { href: `#/tiket/${m.ticketTrackingNo}`, text: m.ticketTrackingNo }) : '—'),
        cell('Jenis', kindLabel[m.kind] ?? m.kind),
        cell('Pesan', h('span', { title: m.body, text: shorten(m.body, 70) })),
        cell('Status', h('span', { class: `out-status out-${m.status}`, text: outboxStatusLabel[m.status] ?? m.status })),
        cell('Percobaan', String(m.attempts)),
        cell('Galat terakhir', m.lastError ?? '—'),
        cell(
          'Menu',
          m.status === 'dead'
            ? button('Kirim ulang', (e) => retry(m, e.currentTarget), { small: true, label: `Kirim ulang pesan ke ${m.target}` })
            : null,
        ),
      );
    };

    let lastBody = '';
    const loads = newestOnly();
    async function load({ silent = false } = {}) {
      const mine = loads.begin();
      if (!silent) loading.hidden = false;
      try {
        const [page, g] = await Promise.all([api(`/api/outbox${qs(state)}`, { signal: mine.signal }), refreshGateway()]);
        if (!loads.isNewest(mine)) return;
        replace(health, healthFacts(g));
        error.hidden = true;
        const text = JSON.stringify(page);
        if (text === lastBody) return;
        lastBody = text;
        replace(
          body,
          page.items.length
            ? page.items.map(row)
            : h('tr', {}, h('td', { colSpan: head.length, class: 'empty', text: 'Tidak ada pesan dengan status ini.' })),
        );
        pages.update(page);
      } catch (err) {
        if (!loads.isNewest(mine)) return; // aborted or overtaken: the newer load reports
        error.textContent = describeError(err);
        error.hidden = false;
      } finally {
        if (loads.isNewest(mine)) loading.hidden = true;
      }
    }

    function change(patch) {
      Object.assign(state, patch);
      void load();
    }

    await load();
    const stop = poll(() => load({ silent: true }));
    return () => {
      stop();
      loads.stop();
    };
  },
};
