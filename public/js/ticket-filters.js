/** The Monitoring filters: free text, status, created dates (WIB), technician, channel, category, place, priority, due; kept in the URL. */
import { h, field, select } from './dom.js';
import { channelLabel, deskChannels, priorityLabel, statusLabel, ticketPriorities, ticketStatuses } from './format.js';

const SORT_KEYS = ['createdAt', 'updatedAt', 'status', 'trackingNo', 'dueAt'];
const DUE = ['late', 'soon'];
export const dueFilterLabel = { late: 'Terlambat', soon: 'Hampir terlambat' };

/** The list state from the hash's query. */
export function readTicketQuery(params) {
  const num = (v, d) => (Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : d);
  return {
    q: params.get('q') ?? '',
    status: (params.get('status') ?? '').split(',').filter((s) => ticketStatuses.includes(s)),
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    assignee: params.get('assignee') ?? '',
    channel: deskChannels.includes(params.get('channel')) ? params.get('channel') : '',
    category: /^\d+$/.test(params.get('category') ?? '') ? params.get('category') : '',
    place: /^\d+$/.test(params.get('place') ?? '') ? params.get('place') : '',
    priority: ticketPriorities.includes(params.get('priority')) ? params.get('priority') : '',
    due: DUE.includes(params.get('due')) ? params.get('due') : '',
    sort: SORT_KEYS.includes(params.get('sort')) ? params.get('sort') : 'createdAt',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    page: num(params.get('page'), 1),
    pageSize: Math.min(100, num(params.get('pageSize'), 20)),
  };
}

/** The filters only (for the export, which takes no page). */
export const filtersOf = ({ q, status, from, to, assignee, channel, category, place, priority, due, sort, order }) => ({
  q,
  status,
  from,
  to,
  assignee,
  channel,
  category,
  place,
  priority,
  due,
  sort,
  order,
});

/**
 * The filter form. `onChange(patch)` gets the changed fields; free text waits for a pause in typing.
 * `technicians` null hides the technician filter (a TBO sees only their own jobs anyway); `categories`
 * null hides the category filter (a TBO may not read the categories).
 */
export function ticketFilterForm(state, { technicians, categories = null, places = null, onChange }) {
  const q = h('input', { type: 'search', name: 'q', value: state.q, placeholder: 'Nomor, keluhan, pelapor', autocomplete: 'off' });
  const from = h('input', { type: 'date', name: 'from', value: state.from });
  const to = h('input', { type: 'date', name: 'to', value: state.to });
  const boxes = ticketStatuses.map((s) => h('input', { type: 'checkbox', name: 'status', value: s, checked: state.status.includes(s) }));
  const statusSet = h(
    'fieldset',
    { class: 'status-filter' },
    h('legend', { text: 'Status' }),
    boxes.map((box) => h('label', { class: 'check' }, box, ` ${statusLabel[box.value]}`)),
  );
  const assignee = technicians
    ? select({ name: 'assignee' }, [['', 'Semua teknisi'], ...technicians.map((t) => [t.id, `${t.name} (${t.id})`])], state.assignee)
    : null;
  if (assignee && state.assignee && !technicians.some((t) => t.id === state.assignee)) {
    assignee.append(h('option', { value: state.assignee, text: state.assignee, selected: true }));
  }
  const channel = select({ name: 'channel' }, [['', 'Semua saluran'], ...deskChannels.map((c) => [c, channelLabel[c]])], state.channel);
  const category = categories
    ? select(
        { name: 'category' },
        [
          ['', 'Semua kategori'],
          ...categories.map((c) => [String(c.id), c.active ? c.name : `${c.name} (nonaktif)`]),
          ['0', 'Tanpa kategori'],
        ],
        state.category,
      )
    : null;
  // A building or floor lists everything under it too.
  const place = places
    ? select({ name: 'place' }, [['', 'Semua tempat'], ...places.map((p) => [String(p.id), `${p.path} (${p.code})`])], state.place)
    : null;
  const priority = select(
    { name: 'priority' },
    [['', 'Semua prioritas'], ...ticketPriorities.map((p) => [p, priorityLabel[p]])],
    state.priority,
  );
  const due = select({ name: 'due' }, [['', 'Semua batas waktu'], ...DUE.map((d) => [d, dueFilterLabel[d]])], state.due);
  const reset = h('button', { type: 'reset', class: 'secondary', text: 'Atur ulang' });

  let typing;
  q.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => onChange({ q: q.value.trim() }), 350);
  });
  from.addEventListener('change', () => onChange({ from: from.value }));
  to.addEventListener('change', () => onChange({ to: to.value }));
  statusSet.addEventListener('change', () => onChange({ status: boxes.filter((b) => b.checked).map((b) => b.value) }));
  assignee?.addEventListener('change', () => onChange({ assignee: assignee.value }));
  channel.addEventListener('change', () => onChange({ channel: channel.value }));
  category?.addEventListener('change', () => onChange({ category: category.value }));
  place?.addEventListener('change', () => onChange({ place: place.value }));
  priority.addEventListener('change', () => onChange({ priority: priority.value }));
  due.addEventListener('change', () => onChange({ due: due.value }));

  // On a phone the search stays in view and the other filters fold away (open when one is in use), so
  // the list is not pushed below a screenful of selects; on a wider screen they are always shown.
  const more = h(
    'details',
    { class: 'more-filters' },
    h('summary', { text: 'Saring lainnya' }),
    h('div', { class: 'filter-row' }, field('Dari tanggal', from), field('Sampai tanggal', to), assignee && field('Teknisi', assignee)),
    h(
      'div',
      { class: 'filter-row' },
      field('Saluran', channel),
      category && field('Kategori', category),
      place && field('Tempat', place),
      field('Prioritas', priority),
      field('Batas waktu', due),
    ),
    h('div', { class: 'filter-row filter-row-flex' }, statusSet, h('div', { class: 'filter-actions' }, reset)),
  );
  const narrow = matchMedia('(max-width: 600px)');
  const inUse = () => [from, to, channel, priority, due, assignee, category, place].some((el) => el?.value) || boxes.some((b) => b.checked);
  more.open = !narrow.matches || inUse();
  narrow.addEventListener('change', () => {
    if (!narrow.matches) more.open = true;
  });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Saring tiket' },
    h('div', { class: 'filter-row' }, field('Cari', q)),
    more,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typing);
    onChange({ q: q.value.trim() });
  });
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    q.value = from.value = to.value = '';
    for (const b of boxes) b.checked = false;
    if (assignee) assignee.value = '';
    channel.value = priority.value = due.value = '';
    if (category) category.value = '';
    if (place) place.value = '';
    onChange({ q: '', status: [], from: '', to: '', assignee: '', channel: '', category: '', place: '', priority: '', due: '' });
  });
  return form;
}
