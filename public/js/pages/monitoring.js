/**
 * Monitoring (the book's "Data Monitoring"): every ticket, filtered, sorted and paged, refreshing
 * itself so new WhatsApp reports appear without a reload. A TBO sees only their own jobs, as
 * "Tugas Saya": open jobs first, finished and closed ones in a section of their own below.
 */
import { api, describeError, qs } from '../api.js';
import { append, button, h } from '../dom.js';
import { exportBar } from '../export.js';
import { fmtDateTime, fmtNumber, priorityLabel, statusLabel } from '../format.js';
import { newestOnly } from '../newest.js';
import { loadingBar, pager } from '../pager.js';
import { replaceParams } from '../router.js';
import { newWorkControls } from '../new-work-alerts.js';
import { isUnopened } from '../new-work.js';
import { isDesk, poll, pollMs } from '../session.js';
import { loadTechnicians } from '../technicians.js';
import { dueFilterLabel, filtersOf, readTicketQuery, ticketFilterForm } from '../ticket-filters.js';
import { ticketTable } from '../ticket-table.js';

/** One line describing the filters, printed above the list. */
function describeFilters(s, categories, places) {
  const parts = [];
  const category = s.category === '0' ? 'tanpa kategori' : categories?.find((c) => String(c.id) === s.category)?.name;
  if (s.q) parts.push(`cari “${s.q}”`);
  if (s.status.length) parts.push(`status ${s.status.map((x) => statusLabel[x]).join('/')}`);
  if (s.from || s.to) parts.push(`tanggal ${s.from || '…'} s.d. ${s.to || '…'}`);
  if (s.assignee) parts.push(`teknisi ${s.assignee}`);
  if (s.category) parts.push(`kategori ${category ?? s.category}`);
  if (s.place) parts.push(`tempat ${places?.find((p) => String(p.id) === s.place)?.code ?? s.place}`);
  if (s.priority) parts.push(`prioritas ${priorityLabel[s.priority]}`);
  if (s.due) parts.push(dueFilterLabel[s.due].toLowerCase());
  return parts.length ? `Filter: ${parts.join(', ')}` : 'Tanpa filter';
}

const OPEN = ['baru', 'proses', 'pending'];
const CLOSED = ['selesai', 'ditutup'];

/**
 * One paged ticket table bound to the page's filters. `only` narrows the status filter to these
 * statuses (a TBO's open and closed sections). The first list pages through the URL's `page`;
 * a list with `ownPaging` (the closed section below) keeps its own page.
 */
function ticketList(state, { only, ownPaging = false, heading, change, emptyText }) {
  const loading = loadingBar('Memuat tiket…');
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const arrivals = h('p', { class: 'visually-hidden', role: 'status' });
  const table = ticketTable({
    onSort: (key) => change({ sort: key, order: state.sort === key && state.order === 'desc' ? 'asc' : 'desc' }),
    isNew: isUnopened,
    emptyText,
  });
  const own = ownPaging ? { page: 1, pageSize: 10 } : null;
  const pages = pager({
    label: heading ? `Halaman ${heading.toLowerCase()}` : 'Halaman tiket',
    onChange: (p) => {
      if (!own) return change(p, { keepPage: true });
      Object.assign(own, p);
      void load();
    },
  });
  let known = null;
  let lastBody = '';
  const loads = newestOnly();

  const statuses = () => {
    if (!only) return state.status;
    const wanted = state.status.length ? only.filter((x) => state.status.includes(x)) : only;
    return wanted.length ? wanted : null;
  };

  async function load({ silent = false } = {}) {
    const mine = loads.begin();
    if (!silent) {
      loading.hidden = false;
      table.el.setAttribute('aria-busy', 'true');
    }
    try {
      const status = statuses();
      const paging = own ?? { page: state.page, pageSize: state.pageSize };
      // A status filter that leaves none of this section's statuses: nothing to ask for.
      const page =
        status === null
          ? { items: [], total: 0, ...paging }
          : await api(`/api/tickets${qs({ ...filtersOf(state), status, ...paging })}`, { signal: mine.signal });
      if (!loads.isNewest(mine)) return;
      error.hidden = true;
      const body = JSON.stringify(page);
      const fresh = new Set(silent && known ? page.items.map((t) => t.trackingNo).filter((n) => !known.has(n)) : []);
      if (body !== lastBody || fresh.size) {
        lastBody = body;
        table.update(page, fresh);
        pages.update(page);
      }
      if (fresh.size) arrivals.textContent = `${fresh.size} laporan baru masuk.`;
      known = new Set([...(silent && known ? known : []), ...page.items.map((t) => t.trackingNo)]);
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

  return {
    el: h(
      'section',
      { class: 'ticket-list', 'aria-label': heading ?? 'Daftar tiket' },
      heading ? h('h2', { text: heading }) : null,
      loading,
      error,
      table.el,
      pages.el,
      arrivals,
    ),
    load,
    /** The filters changed: start again from the first page and forget what was seen. */
    reset() {
      known = null;
      if (own) own.page = 1;
      table.setSort(state.sort, state.order);
    },
    stop: () => loads.stop(),
  };
}

export const monitoringPage = {
  title: 'Monitoring',
  async render(view, { params }) {
    const desk = isDesk();
    const state = readTicketQuery(params);
    const technicians = desk ? await loadTechnicians().catch(() => []) : null;
    const categories = desk
      ? await api('/api/categories').then(
          (r) => r.items,
          () => [],
        )
      : null;
    const places = desk
      ? await api('/api/places').then(
          (r) => r.items,
          () => [],
        )
      : null;

    const refreshed = h('p', { class: 'muted refreshed', 'aria-live': 'off' });
    const printInfo = h('p', { class: 'print-only' });
    const exporter = desk ? exportBar(() => filtersOf(state)) : null;
    const printButton = button('Cetak', () => window.print());
    const lists = desk
      ? [ticketList(state, { change, emptyText: 'Tidak ada tiket yang cocok.' })]
      : [
          ticketList(state, { only: OPEN, heading: 'Sedang dikerjakan', change, emptyText: 'Tidak ada tugas yang masih terbuka.' }),
          ticketList(state, {
            only: CLOSED,
            ownPaging: true,
            heading: 'Selesai dan ditutup',
            change,
            emptyText: 'Belum ada tugas yang selesai.',
          }),
        ];

    append(view, [
      h(
        'div',
        { class: 'page-head' },
        h('h1', { text: desk ? 'Data Monitoring' : 'Tugas Saya' }),
        h('div', { class: 'toolbar no-print' }, printButton, exporter?.el),
      ),
      desk ? null : h('p', { class: 'muted', text: 'Tiket yang ditugaskan kepada Anda. Buka nomornya untuk menambah catatan progres.' }),
      newWorkControls(),
      ticketFilterForm(state, { technicians, categories, places, onChange: (patch) => change(patch) }),
      printInfo,
      lists.map((l) => l.el),
      refreshed,
    ]);
    for (const l of lists) l.reset();

    async function load(o) {
      await Promise.all(lists.map((l) => l.load(o)));
      refreshed.textContent = `Diperbarui otomatis setiap ${fmtNumber(pollMs() / 1000)} detik · terakhir ${fmtDateTime(new Date().toISOString())}`;
      printInfo.textContent = `${desk ? 'Data Monitoring' : 'Tugas Saya'} · dicetak ${fmtDateTime(new Date().toISOString())} · ${describeFilters(state, categories, places)}`;
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
      // Paging the first list leaves the closed section where it is.
      for (const l of lists) if (!keepPage || l === lists[0]) l.reset();
      void load();
    }

    await load();
    const stop = poll(() => load({ silent: true }));
    return () => {
      stop();
      for (const l of lists) l.stop();
      exporter?.abort();
    };
  },
};
