/** A conversation's messages as chat bubbles: what the person wrote on the left, what went out on the right. */
import { button, h } from './dom.js';
import { deliveryLabel, fmtDateTime, inboundStatusLabel, kindLabel, outboxStatusLabel } from './format.js';
import { whatsappNodes } from './whatsapp-format.js';

/** What the chat pipeline made of a plain message (its `command`), in the desk's words; real commands keep their `#`. */
const plainOutcome = {
  draft: 'draf laporan',
  draft_yes: 'YA: laporan dibuat',
  draft_no: 'BATAL',
  confirm: 'YA',
  cancel: 'BATAL',
  question: 'pertanyaan',
  plea: 'minta bantuan',
  greeting: 'salam',
  thanks: 'terima kasih',
  refused: 'nomor tidak terdaftar',
};
const outcomeOf = (command) => (command ? (plainOutcome[command] ?? `#${command}`) : null);

const ticketLink = (no) => h('a', { href: `#/tiket/${encodeURIComponent(no)}`, text: no });

function body(text, fallback) {
  return h('p', { class: 'wa-text' }, text ? whatsappNodes(text) : h('span', { class: 'muted', text: fallback }));
}

/**
 * What the person wrote. `onTicket(entry)` offers "Buat tiket dari pesan ini" (private chats;
 * a message already tied to a ticket links to it instead).
 */
function inboundBubble(m, { isGroup, onTicket }) {
  const state = [outcomeOf(m.command), m.status === 'ignored' || m.status === 'failed' ? inboundStatusLabel[m.status] : null].filter(
    Boolean,
  );
  return h(
    'li',
    { class: 'wa-bubble wa-in', dataset: { id: String(m.id), direction: 'in' } },
    isGroup ? h('div', { class: 'wa-who', text: `${m.senderName ?? ''} ${m.senderPhone}`.trim() }) : null,
    m.media ? h('div', { class: 'wa-media', text: `📎 Lampiran ${m.media.filename ?? m.media.extension ?? ''}`.trim() }) : null,
    body(m.body, m.media ? '(tanpa keterangan)' : '(pesan kosong)'),
    h(
      'div',
      { class: 'wa-meta' },
      h('time', { dateTime: m.at, text: fmtDateTime(m.at) }),
      state.length ? ` · ${state.join(' · ')}` : null,
      m.ticketTrackingNo ? [' · tiket ', ticketLink(m.ticketTrackingNo)] : null,
    ),
    !isGroup && !m.ticketTrackingNo && onTicket
      ? h(
          'div',
          { class: 'wa-actions' },
          button('Buat tiket dari pesan ini', () => onTicket(m), { small: true, label: `Buat tiket dari pesan ${fmtDateTime(m.at)}` }),
        )
      : null,
  );
}

/** What went out: who wrote it (the desk) or what it was, and how far it got. */
function outboundBubble(m) {
  const delivery = m.deliveryState ? `WA: ${deliveryLabel[m.deliveryState] ?? m.deliveryState}` : null;
  return h(
    'li',
    { class: ['wa-bubble', 'wa-out', `wa-${m.status}`], dataset: { id: String(m.id), direction: 'out', status: m.status, kind: m.kind } },
    h('div', { class: 'wa-who', text: m.staff ? `${m.staff.name ?? m.staff.id} (petugas)` : (kindLabel[m.kind] ?? m.kind) }),
    body(m.body, '(kosong)'),
    h(
      'div',
      { class: 'wa-meta' },
      h('time', { dateTime: m.at, text: fmtDateTime(m.at) }),
      ' · ',
      h('span', { class: 'wa-status', text: outboxStatusLabel[m.status] ?? m.status }),
      delivery ? [' · ', h('span', { class: 'wa-delivery', text: delivery })] : null,
      m.lastError && m.status !== 'sent' ? ` · galat: ${m.lastError}` : null,
      m.ticketTrackingNo ? [' · tiket ', ticketLink(m.ticketTrackingNo)] : null,
    ),
  );
}

/** The bubbles of `entries` (oldest first). */
export function chatBubbles(entries, options) {
  return entries.map((m) => (m.direction === 'in' ? inboundBubble(m, options) : outboundBubble(m)));
}
