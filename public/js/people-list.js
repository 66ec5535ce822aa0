/**
 * The people lists ("Data Pegawai", "Data Admin/Petugas"): search, status (and level) filters,
 * paging, create, edit and deactivate, over any of the API's people routes.
 */
import { api, describeError, qs } from './api.js';
import { confirmDialog, formDialog } from './dialogs.js';
import { button, field, h, select } from './dom.js';
import { activeLabel } from './format.js';
import { toast } from './notice.js';
import { newestOnly } from './newest.js';
import { loadingBar, pager } from './pager.js';

/**
 * `config`: { heading, endpoint, noun, columns: [[label, row => text|node]], fields (for formDialog),
 * extraFilters: [{ name, label, options }] }.
 */
export async function peopleList(view, config) {
  const state = { q: '', status: 'active', page: 1, pageSize: 20 };
  for (const f of config.extraFilters ?? []) state[f.name] = '';
  const body = h('tbody');
  const loading = loadingBar(`Memuat ${config.noun}…`);
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const pages = pager({ label: `Halaman ${config.noun}`, onChange: (p) => change(p, true) });
  const q = h('input', { type: 'search', name: 'q', autocomplete: 'off', placeholder: 'Nama, ID, telepon…' });
  const status = select(
    { name: 'status' },
    [
      ['active', 'Aktif'],
      ['inactive', 'Tidak aktif'],
      ['', 'Semua'],
    ],
    'active',
  );
  const extra = (config.extraFilters ?? []).map((f) => {
    const el = select({ name: f.name }, f.options, '');
    el.addEventListener('change', () => change({ [f.name]: el.value }));
    return field(f.label, el);
  });
  let typing;
  q.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => change({ q: q.value.trim() }), 350);
  });
  status.addEventListener('change', () => change({ status: status.value }));
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': `Cari ${config.noun}` },
    h('div', { class: 'filter-row' }, field('Cari', q), field('Status', status), extra),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    change({ q: q.value.trim() });
  });
  const add = h('button', { type: 'button', class: 'primary', text: `Tambah ${config.noun}`, on: { click: () => edit(null) } });
  const columns = [
    ['No', (_r, i) => String(i)],
    ...config.columns,
    ['Status', (r) => h('span', { class: `active-${r.status}`, text: activeLabel[r.status] })],
  ];

  view.append(
    h('div', { class: 'page-head' }, h('h1', { text: config.heading }), h('div', { class: 'toolbar no-print' }, add)),
    form,
    loading,
    error,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data people' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [...columns.map(([l]) => l), 'Menu'].map((l) => h('th', { scope: 'col', text: l })),
          ),
        ),
        body,
      ),
    ),
    pages.el,
  );

  const loads = newestOnly();
  async function load() {
    const mine = loads.begin();
    loading.hidden = false;
    try {
      const page = await api(`${config.endpoint}${qs(state)}`, { signal: mine.signal });
      if (!loads.isNewest(mine)) return;
      error.hidden = true;
      const offset = (page.page - 1) * page.pageSize;
      body.replaceChildren(
        ...(page.items.length
          ? page.items.map((r, i) =>
              h(
                'tr',
                { dataset: { id: r.id } },
                columns.map(([label, value]) => h('td', { dataset: { label } }, value(r, offset + i + 1))),
                h(
                  'td',
                  { dataset: { label: 'Menu' } },
                  h('div', { class: 'row-actions' }, [
                    button('Ubah', () => edit(r), { small: true, label: `Ubah ${r.name}` }),
                    ...(config.rowActions?.(r) ?? []),
                    r.status === 'active'
                      ? button('Nonaktifkan', () => deactivate(r), { kind: 'danger', small: true, label: `Nonaktifkan ${r.name}` })
                      : null,
                  ]),
                ),
              ),
            )
          : [h('tr', {}, h('td', { colSpan: columns.length + 1, class: 'empty', text: `Tidak ada ${config.noun} yang cocok.` }))]),
      );
      pages.update(page);
    } catch (err) {
      if (!loads.isNewest(mine)) return; // aborted or overtaken: the newer load reports
      error.textContent = describeError(err);
      error.hidden = false;
    } finally {
      if (loads.isNewest(mine)) loading.hidden = true;
    }
  }

  function change(patch, keepPage = false) {
    Object.assign(state, patch);
    if (!keepPage) state.page = 1;
    void load();
  }

  async function edit(row) {
    const saved = await formDialog({
      title: row ? `Ubah ${config.noun} ${row.id}` : `Tambah ${config.noun}`,
      fields: config.fields,
      initial: row,
      onSubmit: (b) =>
        api(row ? `${config.endpoint}/${encodeURIComponent(row.id)}` : config.endpoint, { method: row ? 'PATCH' : 'POST', body: b }),
    });
    if (saved) {
      toast(row ? `${saved.name} diperbarui.` : `${saved.name} ditambahkan (${saved.id}).`);
      await load();
    }
  }

  async function deactivate(row) {
    if (!(await confirmDialog(`Nonaktifkan ${row.name} (${row.id})?`, 'Nonaktifkan'))) return;
    try {
      await api(`${config.endpoint}/${encodeURIComponent(row.id)}`, { method: 'DELETE' });
      toast(`${row.name} dinonaktifkan.`);
      await load();
    } catch (err) {
      toast(describeError(err), 'bad');
    }
  }

  await load();
}
