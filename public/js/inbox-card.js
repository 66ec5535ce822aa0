/** The side of a conversation: the person from the directory and their tickets. */
import { h } from './dom.js';
import { fmtDateTime, levelLabel, shorten } from './format.js';
import { statusBadge } from './ticket-table.js';
import { facts } from './ticket-view.js';

/** Who the chat is, from the directory (or its WhatsApp name and number). */
export function personFacts(person, c) {
  if (!person) {
    if (c.isGroup) return h('p', { class: 'muted', text: 'Percakapan grup WhatsApp.' });
    return h(
      'div',
      {},
      h('p', { class: 'muted', text: 'Nomor ini tidak ada di daftar pegawai maupun petugas.' }),
      facts([
        ['Nama WhatsApp', c.name ?? '—'],
        ['Nomor', c.phone],
      ]),
    );
  }
  if (person.kind === 'staff') {
    return facts([
      ['Nama', person.name],
      ['Petugas', levelLabel[person.level] ?? person.level],
      ['Email', person.email],
      ['Nomor', c.phone],
      ['Status', person.active ? null : 'Tidak aktif'],
    ]);
  }
  return facts([
    ['Nama', person.name],
    ['ID pegawai', person.id],
    ['Bagian / unit', [person.department, person.unit].filter(Boolean).join(' / ') || null],
    ['Email', person.email],
    ['Nomor', c.phone],
    ['Status', person.active ? null : 'Tidak aktif'],
  ]);
}

/** The chat's tickets, each a link to its page. */
export function ticketList(tickets) {
  if (!tickets.length) return h('p', { class: 'muted', text: 'Belum ada tiket dari percakapan ini.' });
  return h(
    'ul',
    { class: 'inbox-tickets' },
    tickets.map((t) =>
      h(
        'li',
        {},
        h('a', { href: `#/tiket/${encodeURIComponent(t.trackingNo)}`, text: t.trackingNo }),
        ' ',
        statusBadge(t.status),
        h('div', { class: 'muted', text: `${fmtDateTime(t.createdAt)} · ${shorten(t.complaint, 80)}` }),
      ),
    ),
  );
}
