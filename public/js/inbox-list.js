/** The inbox's list: one row per chat, newest message first, with its unread count. */
import { h } from './dom.js';
import { fmtDateTime, shorten } from './format.js';

/** Where a chat's conversation opens. */
export const conversationHref = (chatId) => `#/kotak-masuk/${encodeURIComponent(chatId)}`;

/** The chat's name as the desk knows it: the directory's, else the WhatsApp name, else the number. */
export const chatTitle = (c) => c.name || c.phone || c.chatId;

/** A chat's state in words: waiting since when, or handled by whom. */
export function chatState(c) {
  if (c.waitingSince) return `Menunggu sejak ${fmtDateTime(c.waitingSince)}`;
  if (c.handledAt) return `Selesai ditangani${c.handledBy?.name ? ` oleh ${c.handledBy.name}` : ''} · ${fmtDateTime(c.handledAt)}`;
  return 'Tidak ada yang menunggu';
}

function item(c) {
  const unread = c.unread > 0;
  return h(
    'li',
    { class: ['inbox-item', unread && 'inbox-unread', !c.waitingSince && 'inbox-handled'], dataset: { chat: c.chatId } },
    h(
      'a',
      { href: conversationHref(c.chatId), class: 'inbox-link' },
      h(
        'span',
        { class: 'inbox-line' },
        h('strong', { class: 'inbox-name', text: chatTitle(c) }),
        c.isGroup ? h('span', { class: 'inbox-tag', text: 'Grup' }) : null,
        c.name && c.phone ? h('span', { class: 'inbox-phone', text: c.phone }) : null,
        h('time', { class: 'inbox-time', dateTime: c.lastMessageAt, text: fmtDateTime(c.lastMessageAt) }),
      ),
      h(
        'span',
        { class: 'inbox-line' },
        h('span', { class: 'inbox-preview', text: shorten(c.preview, 120) }),
        unread ? h('span', { class: 'unread-badge', 'aria-label': `${c.unread} belum dibaca`, text: String(c.unread) }) : null,
      ),
      h('span', { class: 'inbox-state', text: chatState(c) }),
    ),
  );
}

/** The rows of one page of conversations (GET /api/conversations). */
export function conversationList(items, emptyText) {
  if (!items.length) return h('p', { class: 'muted inbox-empty', text: emptyText });
  return h('ul', { class: 'inbox-list', 'aria-label': 'Percakapan' }, items.map(item));
}
