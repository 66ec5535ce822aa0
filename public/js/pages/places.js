/**
 * "Tempat": the campus as a tree of buildings, floors and rooms. Search, add, edit and deactivate
 * (no delete: tickets keep their place), and import a CSV/XLSX list after a preview of what it would do.
 */
import { api, describeError } from '../api.js';
import { confirmDialog, formDialog } from '../dialogs.js';
import { busy, button, field, h, replace } from '../dom.js';
import { toast } from '../notice.js';
import { loadingBar } from '../pager.js';
import { downloadTemplate, importSection } from '../place-import-form.js';

const KIND_LABEL = { building: 'Gedung', floor: 'Lantai', room: 'Ruang' };
/** Which kinds a parent may be, as the API enforces it. */
const PARENT_KINDS = { building: [], floor: ['building'], room: ['floor', 'building'] };

function fieldsFor(places, self) {
  const parents = places.filter((p) => p.kind !== 'room' && p.id !== self?.id);
  return [
    {
      name: 'kind',
      label: 'Jenis',
      type: 'select',
      options: Object.entries(KIND_LABEL),
      required: true,
    },
    { name: 'code', label: 'Kode', required: true, help: 'Huruf, angka, "." atau "-", mis. R-3.2; disimpan huruf besar.' },
    { name: 'name', label: 'Nama', required: true },
    {
      name: 'parentId',
      label: 'Induk',
      type: 'select',
      options: [['', '— (gedung tidak punya induk)'], ...parents.map((p) => [String(p.id), `${KIND_LABEL[p.kind]}: ${p.path}`])],
      help: 'Ruang di bawah lantai atau gedung; lantai di bawah gedung.',
    },
    { name: 'aliases', label: 'Nama lain', type: 'textarea', help: 'Satu per baris, mis. kelas 3.2.' },
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
}

function toBody(form) {
  const body = { ...form };
  if ('parentId' in body) body.parentId = body.parentId ? Number(body.parentId) : null;
  if ('aliases' in body) {
    body.aliases = (body.aliases ?? '')
      .split('\n')
      .map((a) => a.trim())
      .filter(Boolean);
  }
  if ('active' in body) body.active = body.active === 'true';
  return body;
}

const asForm = (p) => ({
  ...p,
  parentId: p.parentId === null ? '' : String(p.parentId),
  aliases: p.aliases.join('\n'),
  active: String(p.active),
});

/** The places as nested lists, children under their parent; a place whose parent is filtered out stands at the top. */
function treeOf(places, row) {
  const ids = new Set(places.map((p) => p.id));
  const children = new Map();
  for (const p of places) {
    const key = p.parentId !== null && ids.has(p.parentId) ? p.parentId : 0;
    children.set(key, [...(children.get(key) ?? []), p]);
  }
  const list = (key) => {
    const items = children.get(key);
    return items
      ? h(
          'ul',
          { class: 'place-tree' },
          items.map((p) => h('li', {}, row(p), list(p.id))),
        )
      : null;
  };
  return list(0) ?? h('p', { class: 'muted', text: 'Belum ada tempat yang cocok.' });
}

export const placesPage = {
  title: 'Tempat',
  levels: ['Administrator', 'Staf'],
  async render(view) {
    let places = [];
    const treeArea = h('div', { 'aria-label': 'Pohon tempat' });
    const loading = loadingBar('Memuat tempat…');
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const search = h('input', { type: 'search', name: 'q', placeholder: 'Kode, nama atau nama lain', autocomplete: 'off' });
    const showInactive = h('input', { type: 'checkbox', name: 'inactive' });
    const add = h('button', { type: 'button', class: 'primary', text: 'Tambah tempat', on: { click: () => void edit(null) } });
    const template = button('Unduh templat XLSX', (e) => void busy(e.currentTarget, downloadTemplate));
    const imports = importSection(() => load());

    view.append(
      h('div', { class: 'page-head' }, h('h1', { text: 'Tempat' }), h('div', { class: 'toolbar no-print' }, add)),
      h(
        'p',
        { class: 'muted' },
        'Gedung, lantai dan ruang kampus. ',
        h('a', { href: '#/tempat/qr', text: 'Kode QR ruang' }),
        ' · ',
        h('a', { href: '#/tempat/berulang', text: 'Kerusakan berulang' }),
      ),
      h(
        'div',
        { class: 'filters' },
        h('div', { class: 'filter-row' }, field('Cari', search), field('Tampilkan yang tidak aktif', showInactive)),
      ),
      loading,
      error,
      treeArea,
      h('section', { class: 'card', 'aria-label': 'Impor tempat' }, h('h2', { text: 'Impor dari berkas' }), imports.body, template),
    );

    function row(p) {
      return h(
        'div',
        { class: ['place-row', p.active ? null : 'inactive'], dataset: { code: p.code } },
        h('span', { class: 'badge', text: KIND_LABEL[p.kind] }),
        ' ',
        h('strong', { text: p.code }),
        ` ${p.name}`,
        p.aliases.length ? h('span', { class: 'muted', text: ` (${p.aliases.join(', ')})` }) : null,
        p.active ? null : h('span', { class: 'muted', text: ' — tidak aktif' }),
        ' ',
        h('span', { class: 'row-actions' }, [
          button('Ubah', () => void edit(p), { small: true, label: `Ubah ${p.code}` }),
          p.active
            ? button('Nonaktifkan', () => void deactivate(p), { kind: 'danger', small: true, label: `Nonaktifkan ${p.code}` })
            : null,
        ]),
      );
    }

    function show() {
      const q = search.value.trim().toLowerCase();
      const visible = places.filter((p) => showInactive.checked || p.active);
      const hits = q ? visible.filter((p) => [p.code, p.name, p.path, ...p.aliases].some((s) => s.toLowerCase().includes(q))) : visible;
      replace(treeArea, treeOf(hits, row));
    }

    async function load() {
      loading.hidden = false;
      try {
        places = (await api('/api/places')).items;
        error.hidden = true;
        show();
      } catch (err) {
        error.textContent = describeError(err);
        error.hidden = false;
      } finally {
        loading.hidden = true;
      }
    }

    async function edit(p) {
      const saved = await formDialog({
        title: p ? `Ubah ${p.code}` : 'Tambah tempat',
        fields: fieldsFor(places, p),
        initial: p ? asForm(p) : null,
        onSubmit: (b) => api(p ? `/api/places/${p.id}` : '/api/places', { method: p ? 'PATCH' : 'POST', body: toBody(b) }),
      });
      if (saved) {
        toast(p ? `${saved.code} diperbarui.` : `${saved.code} ditambahkan.`);
        await load();
      }
    }

    async function deactivate(p) {
      if (!(await confirmDialog(`Nonaktifkan ${p.code} ${p.name}? Tiket lama tetap di tempat ini.`, 'Nonaktifkan'))) return;
      try {
        await api(`/api/places/${p.id}`, { method: 'PATCH', body: { active: false } });
        toast(`${p.code} dinonaktifkan.`);
        await load();
      } catch (err) {
        toast(describeError(err), 'bad');
      }
    }

    search.addEventListener('input', show);
    showInactive.addEventListener('change', show);
    await load();
  },
};
