/**
 * Monitoring (the book's "Data Monitoring"): every ticket, filtered, sorted and paged, refreshing
 * itself so new WhatsApp reports appear without a reload. A TBO sees only their own jobs.
 */
import { api, describeError, qs } from '../api.js';
import { append, button, h } from '../dom.js';
import { exportBar } from '../export.js';
import { fmtDateTime, fmtNumber, statusLabel } from '../format.js';
import { newestOnly } from '../newest.js';
import { loadingBar, pager } from '../pager.js';
import { replaceParams } from '../router.js';
import { isDesk, poll, pollMs } from '../session.js';
import { loadTechnicians } from '../technicians.js';
import { filtersOf, readTicketQuery, ticketFilterForm } from '../ticket-filters.js';
import { ticketTable } from '../ticket-table.js';

/** One line describing the filters, printed above the list. */
function describeFilters(s) {
  const parts = [];
  if (s.q) parts.push(`cari “${s.q}”`);
  if (s.status.length) parts.push(`status ${s.status.map((x) => statusLabel[x]).join('/')}`);
  if (s.from || s.to) parts.push(`tanggal ${s.from || '…'} s.d. ${s.to || '…'}`);
  if (s.assignee) parts.push(`teknisi ${s.assignee}`);
  return parts.length ? `Filter: ${parts.join(', ')}` : 'Tanpa filter';
}

export const monitoringPage = {
  title: 'Monitoring',
  async render(view, { params }) {
    const desk = isDesk();
    const state = readTicketQuery(params);
    const technicians = desk ? await loadTechnicians().catch(() => []) : null;

    const loading = loadingBar('Memuat tiket…');
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const refreshed = h('p', { class: 'muted refreshed', 'aria-live': 'off' });
    const arrivals = h('p', { class: 'visually-hidden', role: 'status' });
    const printInfo = h('p', { class: 'print-only' });
    const table = ticketTable({
      onSort: (key) => change({ sort: key, order: state.sort === key && state.order === 'desc' ? 'asc' : 'desc' }),
    });
    const pages = pager({ label: 'Halaman tiket', onChange: (p) => change(p, { keepPage: true }) });
    const exporter = desk ? exportBar(() => filtersOf(state)) : null;
    const printButton = button('Cetak', () => window.print());

    append(view, [
      h(
        'div',
        { class: 'page-head' },
        h('h1', { text: desk ? 'Data Monitoring' : 'Tugas Saya' }),
        h('div', { class: 'toolbar no-print' }, printButton, exporter?.el),
      ),
      desk
        ? null
        : h('p', { class: 'muted', text: 'Tiket yang sedang ditugaskan kepada Anda. Buka nomornya untuk menambah catatan progres.' }),
      ticketFilterForm(state, { technicians, onChange: (patch) => change(patch) }),
      printInfo,
      loading,
      error,
      table.el,
      pages.el,
      refreshed,
      arrivals,
    ]);
    table.setSort(state.sort, state.order);

    let known = null;
    let lastBody = '';
    const loads = newestOnly();

    async function load({ silent = false } = {}) {
      const mine = loads.begin();
      if (!silent) {
        loading.hidden = false;
        table.el.setAttribute('aria-busy', 'true');
      }
      try {
        const query = { ...filtersOf(state), page: state.page, pageSize: state.pageSize };
        const page = await api(`/api/tickets${qs(query)}`, { signal: mine.signal });
        if (!loads.isNewest(mine)) return;
        error.hidden = true;
        const body = JSON.stringify(page);
        const fresh = new Set(silent && known ? page.items.map((t) => t.trackingNo).filter((n) => !known.has(n)) : []);
        if (body !== lastBody) {
          lastBody = body;
          table.update(page, fresh);
          pages.update(page);
        }
        if (fresh.size) arrivals.textContent = `${fresh.size} laporan baru masuk.`;
        known = new Set([...(silent && known ? known : []), ...page.items.map((t) => t.trackingNo)]);
        refreshed.textContent = `Diperbarui otomatis setiap ${fmtNumber(pollMs() / 1000)} detik · terakhir ${fmtDateTime(new Date().toISOString())}`;
        printInfo.textContent = `${desk ? 'Data Monitoring' : 'Tugas Saya'} · dicetak ${fmtDateTime(new Date().toISOString())} · ${describeFilters(state)}`;
      } catch (err) {
        if (!loads.isNewest(mine)) return; // aborted or overtaken: the newer load reports
        error.textContent = `Gagal memuat tiket: ${describeError(err)}`;
        error.hidden = false;
      } finally {
        if (loads.isNewest(mine)) {
          loading.hidden = true;
          table.el.removeAttribute('aria-busy');
        }
      }
    }

    function change(patch, { keepPage = false } = {}) {
      Object.assign(state, patch);
      if (!keepPage) state.page = 1;
      replaceParams({
        ...filtersOf(state),
        sort: state.sort === 'createdAt' ? '' : state.sort,
        order: state.order === 'desc' ? '' : state.order,
        page: state.page === 1 ? '' : state.page,
        pageSize: state.pageSize === 20 ? '' : state.pageSize,
      });
      table.setSort(state.sort, state.order);
      known = null;
      void load();
    }

    await load();
    const stop = poll(() => load({ silent: true }));
    return () => {
      stop();
      loads.stop();
      exporter?.abort();
    };
  },
};
