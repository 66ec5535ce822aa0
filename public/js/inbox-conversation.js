/**
 * One chat of the inbox: everything said in and out, the person from the directory, their
 * tickets, a reply box, "Buat tiket dari pesan ini" on each message and "Tandai selesai".
 * Opening it marks it read (POST …/read); it refreshes itself while open.
 */
import { api, describeError, qs } from './api.js';
import { busy, button, formError, h, replace } from './dom.js';
import { formDialog } from './dialogs.js';
import { chatBubbles } from './inbox-bubbles.js';
import { personFacts, ticketList } from './inbox-card.js';
import { chatState, chatTitle } from './inbox-list.js';
import { newestOnly } from './newest.js';
import { toast } from './notice.js';
import { go } from './router.js';
import { poll } from './session.js';

const card = (title, ...children) => h('section', { class: 'card', 'aria-label': title }, h('h2', { text: title }), ...children);
const keyOf = (m) => `${m.direction}${m.id}`;

/** Renders the chat `chatId` into `view`; returns the cleanup (stops refreshing). */
export function conversationView(view, chatId) {
  const base = `/api/conversations/${encodeURIComponent(chatId)}`;
  const loads = newestOnly();
  let older = []; // pages the desk asked for, kept across refreshes
  let olderCursor = null;
  let detail = null;

  const title = h('h1', { text: 'Percakapan' });
  const state = h('p', { class: 'inbox-state' });
  const log = h('ol', { class: 'wa-chat', 'aria-label': 'Pesan', 'aria-live': 'polite' });
  const moreButton = button('Muat pesan lebih lama', () => void loadOlder(), { small: true });
  const person = h('div');
  const tickets = h('div');
  const loadError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const text = h('textarea', {
    name: 'text',
    rows: 3,
    required: true,
    maxLength: 4000,
    'aria-label': 'Tulis balasan',
    placeholder: 'Tulis balasan… (*tebal*, _miring_, ~coret~)',
  });
  const send = h('button', { type: 'submit', class: 'primary', text: 'Kirim' });
  const replyError = formError();
  const reply = h('form', { class: 'wa-reply', 'aria-label': 'Balas' }, text, h('div', { class: 'actions' }, send), replyError);
  const handled = button('Tandai selesai', (e) => void markHandled(e.currentTarget), { kind: 'primary' });

  view.append(
    h('p', {}, h('a', { href: '#/kotak-masuk', text: '‹ Kotak Masuk' })),
    title,
    state,
    loadError,
    h(
      'div',
      { class: 'inbox-layout' },
      h('div', { class: 'inbox-main card' }, h('div', { class: 'wa-more' }, moreButton), log, reply),
      h(
        'div',
        { class: 'inbox-side' },
        card('Tindakan', h('div', { class: 'actions' }, handled)),
        card('Pelapor', person),
        card('Tiket', tickets),
      ),
    ),
  );

  function draw() {
    const c = detail.conversation;
    title.textContent = chatTitle(c);
    state.textContent = [c.name && c.phone ? c.phone : null, c.isGroup ? 'Grup' : null, chatState(c)].filter(Boolean).join(' · ');
    handled.hidden = !c.waitingSince;
    reply.hidden = false;
    const seen = new Set(detail.messages.map(keyOf));
    const entries = [...older.filter((m) => !seen.has(keyOf(m))), ...detail.messages];
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 40;
    replace(log, chatBubbles(entries, { isGroup: c.isGroup, onTicket }));
    if (!entries.length) log.append(h('li', { class: 'muted', text: 'Belum ada pesan.' }));
    if (atBottom) log.scrollTop = log.scrollHeight;
    moreButton.hidden = (older.length ? olderCursor : detail.olderCursor) === null;
    replace(person, personFacts(detail.person, c));
    replace(tickets, ticketList(detail.tickets));
  }

  async function load() {
    const current = loads.begin();
    try {
      const answer = await api(base, { signal: current.signal });
      if (!loads.isNewest(current)) return;
      detail = answer;
      loadError.hidden = true;
      draw();
      // The desk is looking at it: whatever arrived is read.
      if (answer.conversation.unread > 0) await api(`${base}/read`, { method: 'POST' });
    } catch (err) {
      if (err.name === 'AbortError' || !loads.isNewest(current)) return;
      loadError.textContent = err.status === 404 ? 'Percakapan tidak ditemukan di Kotak Masuk.' : describeError(err);
      loadError.hidden = false;
      if (!detail) reply.hidden = true;
    }
  }

  async function loadOlder() {
    const cursor = older.length ? olderCursor : detail?.olderCursor;
    if (!cursor) return;
    await busy(
      moreButton,
      async () => {
        const page = await api(`${base}${qs({ before: cursor })}`);
        older = [...page.messages, ...older];
        olderCursor = page.olderCursor;
        draw();
      },
      loadError,
    );
  }

  reply.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = text.value.trim();
    if (!body) return;
    void busy(
      send,
      async () => {
        await api(`${base}/replies`, { method: 'POST', body: { text: body } });
        text.value = '';
        toast('Balasan diantrekan untuk dikirim.');
        log.scrollTop = log.scrollHeight;
        await load();
      },
      replyError,
    );
  });

  async function markHandled(el) {
    await busy(
      el,
      async () => {
        await api(`${base}/handled`, { method: 'POST' });
        toast('Percakapan ditandai selesai.');
        await load();
      },
      loadError,
    );
  }

  function onTicket(m) {
    const pending = formDialog({
      title: 'Buat tiket dari pesan ini',
      fields: [
        {
          name: 'complaint',
          label: 'Isi pengaduan',
          type: 'textarea',
          required: true,
          help: 'Ubah teksnya bila perlu; foto pesan ini ikut dilampirkan.',
        },
      ],
      onSubmit: (body) => api(`${base}/tickets`, { method: 'POST', body: { inboundMessageId: m.id, complaint: body.complaint } }),
    });
    // The form opens empty; the message's text is where the desk starts from.
    const area = document.querySelector('dialog[open] textarea[name="complaint"]');
    if (area) area.value = m.body;
    void pending.then((ticket) => {
      if (!ticket) return;
      toast(`Tiket ${ticket.trackingNo} dibuat.`);
      go(`/tiket/${ticket.trackingNo}`);
    });
  }

  void load();
  const stop = poll(load);
  return () => {
    stop();
    loads.stop();
  };
}
