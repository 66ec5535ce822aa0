/** The ticket page's SLA parts: the due times and what is left of them, and the desk's form for category and priority. */
import { busy, field, formError, h, select } from './dom.js';
import { dueStateLabel, fmtDateTime, fmtMinutes, priorityLabel, ticketPriorities } from './format.js';
import { dueCell } from './ticket-table.js';
import { facts } from './ticket-view.js';

/** How much is left of the running clock: "sisa 2 jam 10 menit kerja" or "terlambat 35 menit". */
function dueLeft(due) {
  if (due.state === 'late' && due.lateMinutes !== null) return `terlambat ${fmtMinutes(due.lateMinutes)}`;
  if (due.leftMinutes !== null) return `sisa ${fmtMinutes(due.leftMinutes)}${due.workingTime ? ' kerja' : ''}`;
  return dueStateLabel[due.state];
}

/** The SLA: each due time, the one running now and how much of it is left. */
export function dueFacts({ ticket: t }) {
  const due = t.due;
  if (due.state === 'none') return h('p', { class: 'muted', text: 'Tiket ini tidak memiliki target waktu.' });
  return facts([
    ['Batas penugasan', due.assignAt && fmtDateTime(due.assignAt)],
    ['Batas mulai dikerjakan', due.startAt && fmtDateTime(due.startAt)],
    ['Batas selesai', due.finishAt && fmtDateTime(due.finishAt)],
    ['Batas berikutnya', dueCell(due)],
    ['Sisa waktu', h('span', { class: ['due-left', `due-${due.state}`], text: dueLeft(due) })],
    ['Perhitungan', due.workingTime ? 'jam kerja (hari libur tidak dihitung)' : '24 jam (darurat)'],
  ]);
}

/** `categories` from GET /api/categories; `onSave({categoryId, priority})` sends only what changed. */
export function classificationForm({ categories, onSave }) {
  const category = h('select', { name: 'categoryId' });
  const priority = select(
    { name: 'priority' },
    ticketPriorities.map((p) => [p, priorityLabel[p]]),
  );
  const error = formError();
  const submit = h('button', { type: 'submit', class: 'primary', text: 'Simpan' });
  const form = h(
    'form',
    { class: 'card action', 'aria-label': 'Kategori dan prioritas' },
    h('h3', { text: 'Kategori dan prioritas' }),
    field('Kategori', category),
    field('Prioritas', priority, 'Batas waktu dihitung ulang; darurat berjalan 24 jam.'),
    error,
    h('div', { class: 'actions' }, submit),
  );
  let current = null;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = {};
    const chosen = category.value === '' ? null : Number(category.value);
    if (chosen !== (current?.category?.id ?? null)) body.categoryId = chosen;
    if (priority.value !== current?.priority) body.priority = priority.value;
    if (!Object.keys(body).length) return;
    void busy(submit, () => onSave(body), error);
  });
  return {
    el: form,
    /** Shows the ticket's category and priority (only when they changed, so a poll does not undo a choice being made). */
    update(t) {
      const key = `${t.category?.id ?? ''}|${t.priority}`;
      if (current && `${current.category?.id ?? ''}|${current.priority}` === key) return;
      current = t;
      // An inactive category the ticket still has stays shown; others are offered only while active.
      const offered = categories.filter((c) => c.active || c.id === t.category?.id);
      category.replaceChildren(
        h('option', { value: '', text: '— Tanpa kategori —' }),
        ...offered.map((c) => h('option', { value: String(c.id), text: c.name, selected: c.id === t.category?.id })),
      );
      priority.value = t.priority;
    },
  };
}
