/** Read-only parts of the ticket page, built from GET /api/tickets/:trackingNo. All text goes in as text. */
import { button, h } from './dom.js';
import { placeText } from './ticket-place.js';
import {
  channelLabel,
  deliveryLabel,
  fmtDateTime,
  fmtDuration,
  inboundStatusLabel,
  kindLabel,
  outboxStatusLabel,
  statusLabel,
} from './format.js';
import { priorityBadge, statusBadge } from './ticket-table.js';

const eventLabel = {
  created: 'Laporan dibuat',
  assigned: 'Ditugaskan',
  withdrawn: 'Penugasan ditarik',
  started: 'Mulai dikerjakan',
  progress: 'Progres',
  finished: 'Selesai dikerjakan',
  note: 'Catatan',
  status: 'Status diubah',
  confirmed: 'Dikonfirmasi pelapor',
  reopened: 'Dibuka kembali',
  auto_closed: 'Ditutup otomatis',
  classification: 'Kategori/prioritas diubah',
  place: 'Tempat diubah',
  sla_reminder: 'Pengingat batas waktu',
  sla_breach: 'Lewat batas waktu',
  sla_escalation: 'Eskalasi',
};

const actorOf = (e) =>
  e.actorKind === 'reporter'
    ? `Pelapor${e.actorName ? ` (${e.actorName})` : ''}`
    : e.actorKind === 'system'
      ? 'Sistem'
      : (e.actorName ?? 'Petugas');

/** A <dl> of label/value pairs, skipping empty values. */
export function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)]),
  );
}

/** Reporter, times and age. */
export function ticketFacts({ ticket: t }) {
  return facts([
    ['Status', statusBadge(t.status)],
    ['Pelapor', t.reporter.name],
    ['Telepon', t.reporter.phone ?? 'tidak ada (pelapor tidak dihubungi lewat WhatsApp)'],
    ['Unit', t.reporter.unit],
    ['ID Pegawai', t.reporter.employeeId ?? 'tidak terdaftar'],
    ['Saluran', channelLabel[t.channel] ?? t.channel],
    ['Kategori', t.category ? t.category.name : 'belum dikategorikan'],
    ['Tempat', placeText(t.place) ?? 'belum diketahui'],
    ['Prioritas', priorityBadge(t.priority)],
    ['Dilaporkan', fmtDateTime(t.createdAt)],
    ['Umur', t.age],
    ['Pertama ditugaskan', t.firstAssignedAt && fmtDateTime(t.firstAssignedAt)],
    ['Selesai dikerjakan', t.finishedAt && fmtDateTime(t.finishedAt)],
    ['Ditutup', t.closedAt && fmtDateTime(t.closedAt)],
    ['Lama penyelesaian', t.durationMs !== null ? fmtDuration(t.durationMs) : null],
  ]);
}

/** Every assignment, withdrawn ones too; `onWithdraw(a)` adds a button to active ones. */
export function assignmentTable({ assignments }, onWithdraw) {
  if (!assignments.length) return h('p', { class: 'muted', text: 'Belum ada teknisi yang ditugaskan.' });
  const head = ['Teknisi', 'Ditugaskan', 'Mulai', 'Selesai', 'Catatan', 'Status', onWithdraw ? 'Menu' : null].filter(Boolean);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data assignments' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head.map((c) => h('th', { scope: 'col', text: c })),
        ),
      ),
      h(
        'tbody',
        {},
        assignments.map((a) =>
          h(
            'tr',
            { class: a.status === 'withdrawn' ? 'withdrawn' : null },
            h('td', { dataset: { label: 'Teknisi' } }, `${a.staff.name} (${a.staff.id})`),
            h(
              'td',
              { dataset: { label: 'Ditugaskan' } },
              h('div', {}, fmtDateTime(a.assignedAt), a.assignedBy ? h('span', { class: 'muted', text: ` oleh ${a.assignedBy}` }) : null),
            ),
            h('td', { dataset: { label: 'Mulai' }, text: a.startedAt ? fmtDateTime(a.startedAt) : '—' }),
            h('td', { dataset: { label: 'Selesai' }, text: a.finishedAt ? fmtDateTime(a.finishedAt) : '—' }),
            h('td', { dataset: { label: 'Catatan' }, class: 'pre', text: a.note ?? '—' }),
            h('td', { dataset: { label: 'Status' }, text: a.status === 'active' ? 'Aktif' : `Ditarik ${fmtDateTime(a.withdrawnAt)}` }),
            onWithdraw
              ? h(
                  'td',
                  { dataset: { label: 'Menu' } },
                  a.status === 'active'
                    ? button('Tarik', (e) => onWithdraw(a, e.currentTarget), {
                        kind: 'danger',
                        small: true,
                        label: `Tarik penugasan ${a.staff.name}`,
                      })
                    : null,
                )
              : null,
          ),
        ),
      ),
    ),
  );
}

/** The history #track shows, oldest first. */
export function timeline({ events }) {
  if (!events.length) return h('p', { class: 'muted', text: 'Belum ada riwayat.' });
  return h(
    'ol',
    { class: 'timeline' },
    events.map((e) =>
      h(
        'li',
        { dataset: { kind: e.kind } },
        h('div', { class: 'when' }, h('time', { dateTime: e.createdAt, text: fmtDateTime(e.createdAt) })),
        h(
          'div',
          { class: 'what' },
          h('strong', { text: eventLabel[e.kind] ?? e.kind }),
          e.statusTo && e.statusFrom !== e.statusTo
            ? h('span', { class: 'muted', text: ` · ${e.statusFrom ? `${statusLabel[e.statusFrom]} → ` : ''}${statusLabel[e.statusTo]}` })
            : null,
          h('span', { class: 'muted', text: ` · ${actorOf(e)}` }),
          h('p', { class: 'pre', text: e.note }),
        ),
      ),
    ),
  );
}

/** Every WhatsApp message in and out, in time order, with its processing or delivery state and, for the desk's own, who wrote it. */
export function messageLog({ inboundMessages, outboundMessages }) {
  const all = [
    ...inboundMessages.map((m) => ({ at: m.receivedAt, dir: 'in', m })),
    ...outboundMessages.map((m) => ({ at: m.createdAt, dir: 'out', m })),
  ].sort((a, b) => a.at.localeCompare(b.at) || (a.dir === b.dir ? a.m.id - b.m.id : a.dir === 'in' ? -1 : 1));
  if (!all.length) return h('p', { class: 'muted', text: 'Belum ada pesan.' });
  return h(
    'ol',
    { class: 'messages' },
    all.map(({ dir, m }) => (dir === 'in' ? inboundItem(m) : outboundItem(m))),
  );
}

function inboundItem(m) {
  const attachment = m.media ? `lampiran ${m.media.filename ?? m.media.extension ?? ''}` : null;
  const state = [inboundStatusLabel[m.status] ?? m.status, m.command ? `#${m.command}` : null, attachment, m.error];
  return h(
    'li',
    { class: 'msg msg-in', dataset: { id: String(m.id) } },
    h(
      'div',
      { class: 'msg-meta' },
      h('strong', { text: 'Masuk' }),
      ` dari ${m.senderName ?? ''} ${m.senderPhone} · ${fmtDateTime(m.receivedAt)}`,
    ),
    h('p', { class: 'pre msg-body', text: m.body || (m.media ? '(lampiran)' : '') }),
    h('div', { class: 'msg-state' }, state.filter(Boolean).join(' · ')),
  );
}

function outboundItem(m) {
  const state = [
    kindLabel[m.kind] ?? m.kind,
    outboxStatusLabel[m.status] ?? m.status,
    m.deliveryState ? `WA: ${deliveryLabel[m.deliveryState] ?? m.deliveryState}` : null,
    m.attempts > 1 ? `${m.attempts} percobaan` : null,
    m.lastError && m.status !== 'sent' ? `galat: ${m.lastError}` : null,
  ].filter(Boolean);
  return h(
    'li',
    { class: `msg msg-out msg-${m.status}`, dataset: { id: String(m.id), status: m.status, kind: m.kind } },
    h(
      'div',
      { class: 'msg-meta' },
      h('strong', { text: 'Keluar' }),
      ` ke ${m.target} · ${fmtDateTime(m.createdAt)}`,
      m.writtenBy ? h('span', { class: 'msg-author', text: ` · ditulis oleh ${m.writtenBy.name}` }) : null,
    ),
    h('p', { class: 'pre msg-body', text: m.body }),
    h('div', { class: 'msg-state' }, state.join(' · ')),
  );
}
