/** The Monitoring table: one row per ticket, sortable by number, time, status and due time. */
import { h } from './dom.js';
import { dueStateLabel, fmtDate, fmtDateTime, fmtTime, priorityLabel, shorten, statusLabel } from './format.js';

const columns = [
  { label: 'No' },
  { label: 'Nomor', sort: 'trackingNo' },
  { label: 'Waktu (WIB)', sort: 'createdAt' },
  { label: 'Pelapor / Unit' },
  { label: 'Keluhan' },
  { label: 'Umur' },
  { label: 'Status', sort: 'status' },
  { label: 'Kategori' },
  { label: 'Tempat' },
  { label: 'Prioritas' },
  { label: 'Batas', sort: 'dueAt' },
  { label: 'Teknisi' },
];

export const statusBadge = (status) => h('span', { class: `status status-${status}`, text: statusLabel[status] ?? status });

/** The priority as a label; `darurat` and `tinggi` stand out by weight and an icon, not colour alone. */
export const priorityBadge = (priority) =>
  h('span', {
    class: `priority priority-${priority}`,
    text: `${priority === 'darurat' ? '⚠ ' : ''}${priorityLabel[priority] ?? priority}`,
  });

/** The running clock's due, with "terlambat" / "hampir terlambat" in words (and a class for the colour). */
export function dueCell(due) {
  const marked = ['late', 'soon', 'paused'].includes(due.state);
  return h(
    'span',
    { class: ['due', `due-${due.state}`], dataset: { state: due.state } },
    due.nextAt ? h('span', { class: 'nowrap', text: fmtDateTime(due.nextAt) }) : h('span', { class: 'muted', text: '—' }),
    marked ? h('span', { class: 'due-mark', text: dueStateLabel[due.state] }) : null,
  );
}

const channelLabel = { telepon: 'Telepon', 'datang langsung': 'Datang langsung', 'surat/email': 'Surat/email' };

/**
 * A ticket's row; `fresh` marks a report that arrived since the last refresh or that the user has
 * not opened since it arrived (a class for the colour, and a "baru" tag that does not rely on it).
 */
function row(t, n, fresh) {
  // One wrapper per cell: on a phone the cell is a two-column grid (label, content).
  const cell = (label, ...content) => h('td', { dataset: { label } }, h('div', {}, ...content));
  return h(
    'tr',
    { class: fresh ? 'row-new' : null, dataset: { trackingNo: t.trackingNo } },
    cell('No', String(n)),
    cell(
      'Nomor',
      h('a', { href: `#/tiket/${t.trackingNo}`, class: 'tracking', text: t.trackingNo }),
      fresh ? h('span', { class: 'new-tag', text: 'baru' }) : null,
      // Tickets the desk opened for a call, a visit or a letter say so; WhatsApp is the usual way.
      t.channel && t.channel !== 'whatsapp'
        ? h('span', { class: 'channel-tag', title: 'Saluran laporan', text: channelLabel[t.channel] ?? t.channel })
        : null,
    ),
    cell(
      'Waktu',
      h('span', { class: 'nowrap', text: fmtDate(t.createdAt) }),
      h('br'),
      h('span', { class: 'muted', text: fmtTime(t.createdAt) }),
    ),
    cell(
      'Pelapor',
      t.reporter.name,
      h('br'),
      h('span', { class: 'muted', text: [t.reporter.unit, t.reporter.phone].filter(Boolean).join(' · ') }),
    ),
    cell('Keluhan', h('span', { class: 'complaint', title: t.complaint, text: shorten(t.complaint, 90) })),
    cell('Umur', h('span', { class: 'age', text: t.age })),
    cell('Status', statusBadge(t.status)),
    cell('Kategori', t.category ? t.category.name : h('span', { class: 'muted', text: '—' })),
    cell(
      'Tempat',
      t.place ? h('span', { class: 'place', title: t.place.path, text: t.place.code }) : h('span', { class: 'muted', text: '—' }),
    ),
    cell('Prioritas', priorityBadge(t.priority)),
    cell('Batas', dueCell(t.due)),
    cell('Teknisi', t.assignees.length ? t.assignees.map((a) => a.name).join(', ') : h('span', { class: 'muted', text: '—' })),
  );
}

/**
 * `onSort(key)` when a sortable header is pressed. `update(page, fresh)` renders a page of
 * `GET /api/tickets`; `fresh` is the set of tracking numbers new since the last update, and
 * `isNew(trackingNo)` marks those that arrived earlier and were not opened yet.
 */
export function ticketTable({ onSort, isNew = () => false, emptyText = 'Tidak ada tiket yang cocok.' }) {
  const headRow = h('tr');
  const body = h('tbody');
  const caption = h('caption', { class: 'visually-hidden', text: 'Daftar tiket' });
  const table = h('table', { class: 'data tickets' }, caption, h('thead', {}, headRow), body);
  let sort = { key: 'createdAt', order: 'desc' };

  function renderHead() {
    headRow.replaceChildren(
      ...columns.map((c) => {
        if (!c.sort) return h('th', { scope: 'col', text: c.label });
        const active = sort.key === c.sort;
        const arrow = active ? (sort.order === 'asc' ? ' ▲' : ' ▼') : '';
        return h(
          'th',
          { scope: 'col', 'aria-sort': active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none' },
          h('button', { type: 'button', class: 'sort', text: `${c.label}${arrow}`, on: { click: () => onSort(c.sort) } }),
        );
      }),
    );
  }
  renderHead();

  return {
    el: h('div', { class: 'table-wrap' }, table),
    setSort(key, order) {
      sort = { key, order };
      renderHead();
    },
    update(page, fresh = new Set()) {
      const offset = (page.page - 1) * page.pageSize;
      if (!page.items.length) {
        body.replaceChildren(h('tr', {}, h('td', { colSpan: columns.length, class: 'empty', text: emptyText })));
        return;
      }
      body.replaceChildren(...page.items.map((t, i) => row(t, offset + i + 1, fresh.has(t.trackingNo) || isNew(t.trackingNo))));
    },
  };
}
