/**
 * "Kategori" (Administrator): the categories of fault, the words that recognise them in a complaint,
 * their default priority and the supervisor told of a late ticket. Add, edit, deactivate (no delete:
 * tickets keep their category).
 */
import { api, describeError } from '../api.js';
import { confirmDialog, formDialog } from '../dialogs.js';
import { button, h } from '../dom.js';
import { priorityLabel, ticketPriorities } from '../format.js';
import { loadingBar } from '../pager.js';
import { toast } from '../notice.js';
import { priorityBadge } from '../ticket-table.js';

const fields = [
  { name: 'code', label: 'Kode', required: true, help: 'Huruf kecil, angka, "_" atau "-"; mis. lift.' },
  { name: 'name', label: 'Nama', required: true },
  {
    name: 'keywords',
    label: 'Kata kunci',
    type: 'textarea',
    help: 'Dipisah koma, mis. lampu, stop kontak, korslet. Huruf besar/kecil, tanda baca dan salah ketik umum diabaikan.',
  },
  {
    name: 'defaultPriority',
    label: 'Prioritas bawaan',
    type: 'select',
    // normal first: a new category's default.
    options: ['normal', ...ticketPriorities.filter((p) => p !== 'normal')].map((p) => [p, priorityLabel[p]]),
  },
  {
    name: 'supervisorTarget',
    label: 'Penanggung jawab (WhatsApp)',
    help: 'Nomor (0812…) atau ID grup (…@g.us); diberi tahu saat terlambat.',
  },
  { name: 'sortOrder', label: 'Urutan', type: 'number', help: 'Kategori yang lebih awal menang bila kata kuncinya sama banyak.' },
  {
    name: 'active',
    label: 'Status',
    type: 'select',
    options: [
      ['true', 'Aktif'],
      ['false', 'Tidak aktif'],
    ],
    create: false,
  },
];

/** The form's text values as the API's body: keywords as a list, order as a number, status as a boolean. */
function toBody(form) {
  const body = { ...form };
  if ('keywords' in body) {
    body.keywords = (body.keywords ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
  }
  if ('sortOrder' in body) body.sortOrder = body.sortOrder === null || body.sortOrder === '' ? undefined : Number(body.sortOrder);
  if ('active' in body) body.active = body.active === 'true';
  return body;
}

const asForm = (c) => ({
  ...c,
  keywords: c.keywords.join(', '),
  supervisorTarget: c.supervisorTarget ?? '',
  sortOrder: String(c.sortOrder),
  active: String(c.active),
});

export const categoriesPage = {
  title: 'Kategori',
  levels: ['Administrator'],
  async render(view) {
    const body = h('tbody');
    const loading = loadingBar('Memuat kategori…');
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const add = h('button', { type: 'button', class: 'primary', text: 'Tambah kategori', on: { click: () => edit(null) } });
    const head = ['Urutan', 'Kode', 'Nama', 'Kata kunci', 'Prioritas bawaan', 'Penanggung jawab', 'Status', 'Menu'];
    view.append(
      h('div', { class: 'page-head' }, h('h1', { text: 'Kategori' }), h('div', { class: 'toolbar no-print' }, add)),
      h('p', {
        class: 'muted',
        text: 'Tiket baru mendapat kategori dari kata kunci pada keluhannya; prioritas naik bila ada kata bahaya (asap, korslet, banjir…).',
      }),
      loading,
      error,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data categories-table' },
          h('caption', { class: 'visually-hidden', text: 'Daftar kategori' }),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              head.map((l) => h('th', { scope: 'col', text: l })),
            ),
          ),
          body,
        ),
      ),
    );

    const cell = (label, ...content) => h('td', { dataset: { label } }, ...content);
    function row(c) {
      return h(
        'tr',
        { class: c.active ? null : 'inactive', dataset: { code: c.code } },
        cell('Urutan', String(c.sortOrder)),
        cell('Kode', c.code),
        cell('Nama', c.name),
        cell('Kata kunci', c.keywords.length ? c.keywords.join(', ') : h('span', { class: 'muted', text: '—' })),
        cell('Prioritas bawaan', priorityBadge(c.defaultPriority)),
        cell('Penanggung jawab', c.supervisorTarget ?? '—'),
        cell('Status', c.active ? 'Aktif' : 'Tidak aktif'),
        cell(
          'Menu',
          h('div', { class: 'row-actions' }, [
            button('Ubah', () => edit(c), { small: true, label: `Ubah ${c.name}` }),
            c.active ? button('Nonaktifkan', () => deactivate(c), { kind: 'danger', small: true, label: `Nonaktifkan ${c.name}` }) : null,
          ]),
        ),
      );
    }

    async function load() {
      loading.hidden = false;
      try {
        const { items } = await api('/api/categories');
        error.hidden = true;
        body.replaceChildren(...items.map(row));
      } catch (err) {
        error.textContent = describeError(err);
        error.hidden = false;
      } finally {
        loading.hidden = true;
      }
    }

    async function edit(c) {
      const saved = await formDialog({
        title: c ? `Ubah kategori ${c.name}` : 'Tambah kategori',
        fields,
        initial: c ? asForm(c) : null,
        onSubmit: (b) => api(c ? `/api/categories/${c.id}` : '/api/categories', { method: c ? 'PATCH' : 'POST', body: toBody(b) }),
      });
      if (saved) {
        toast(c ? `${saved.name} diperbarui.` : `${saved.name} ditambahkan.`);
        await load();
      }
    }

    async function deactivate(c) {
      if (!(await confirmDialog(`Nonaktifkan kategori ${c.name}? Tiket lama tetap berkategori ini; tiket baru tidak lagi.`, 'Nonaktifkan')))
        return;
      try {
        await api(`/api/categories/${c.id}`, { method: 'PATCH', body: { active: false } });
        toast(`${c.name} dinonaktifkan.`);
        await load();
      } catch (err) {
        toast(describeError(err), 'bad');
      }
    }

    await load();
  },
};
