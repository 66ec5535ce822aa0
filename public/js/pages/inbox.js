/**
 * "Kotak Masuk": chats with messages nobody has acted on, newest first (`#/kotak-masuk`), and one
 * chat's conversation (`#/kotak-masuk/<chatId>`). Both refresh themselves.
 */
import { api, describeError, qs } from '../api.js';
import { button, field, h, replace, select } from '../dom.js';
import { conversationView } from '../inbox-conversation.js';
import { conversationList } from '../inbox-list.js';
import { newestOnly } from '../newest.js';
import { loadingBar, pager } from '../pager.js';
import { current, replaceParams } from '../router.js';
import { poll } from '../session.js';

const states = [
  ['waiting', 'Menunggu ditangani'],
  ['handled', 'Sudah ditangani'],
  ['all', 'Semua'],
];
const emptyText = {
  waiting: 'Tidak ada pesan yang menunggu. Semua sudah ditangani.',
  handled: 'Belum ada percakapan yang ditandai selesai.',
  all: 'Belum ada percakapan.',
};

function listView(view) {
  const { params } = current();
  const q = {
    state: states.some(([s]) => s === params.get('state')) ? params.get('state') : 'waiting',
    page: Number(params.get('page')) || 1,
    pageSize: Number(params.get('pageSize')) || 20,
  };
  const loads = newestOnly();
  const list = h('div');
  const loading = loadingBar('Memuat percakapan…');
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const pages = pager({ label: 'Halaman percakapan', onChange: (p) => change(p) });
  const state = select({ name: 'state' }, states, q.state);
  state.addEventListener('change', () => change({ state: state.value, page: 1 }));
  const refresh = button('Muat ulang', () => void load(true));

  view.append(
    h('h1', { text: 'Kotak Masuk' }),
    h('p', { class: 'muted', text: 'Pesan WhatsApp yang belum ditangani perintah apa pun: balas, jadikan tiket, atau tandai selesai.' }),
    h(
      'form',
      { class: 'filters', 'aria-label': 'Saring percakapan' },
      h('div', { class: 'filter-row' }, field('Tampilkan', state), refresh),
    ),
    loading,
    error,
    list,
    pages.el,
  );

  function change(next) {
    Object.assign(q, next);
    replaceParams(q);
    void load(true);
  }

  async function load(shown = false) {
    const run = loads.begin();
    loading.hidden = !shown;
    try {
      const page = await api(`/api/conversations${qs(q)}`, { signal: run.signal });
      if (!loads.isNewest(run)) return;
      error.hidden = true;
      replace(list, conversationList(page.items, emptyText[q.state]));
      pages.update(page);
    } catch (err) {
      if (err.name === 'AbortError' || !loads.isNewest(run)) return;
      error.textContent = describeError(err);
      error.hidden = false;
    } finally {
      if (loads.isNewest(run)) loading.hidden = true;
    }
  }

  void load(true);
  const stop = poll(() => load());
  return () => {
    stop();
    loads.stop();
  };
}

export const inboxPage = {
  title: 'Kotak Masuk',
  levels: ['Administrator', 'Staf'],
  render(view, ctx) {
    const chatId = ctx?.args?.[0];
    return chatId ? conversationView(view, chatId) : listView(view);
  },
};
