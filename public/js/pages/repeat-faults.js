/**
 * "Kerusakan Berulang": places by fault count over a period (default the last REPEAT_FAULT_DAYS
 * days), each place × category marked "berulang" at the threshold; a building's floors and rooms as
 * a table and a heat grid of coloured cells (a Chart.js matrix would need a plugin); "Unduh Excel".
 */
import { api, apiBlob, describeError, qs, saveBlob } from '../api.js';
import { button, field, h, replace, select } from '../dom.js';
import { fmtNumber, wibDay } from '../format.js';
import { newestOnly } from '../newest.js';
import { toast } from '../notice.js';

const dayOf = (ms) => wibDay(new Date(ms));

function table(caption, head, rows) {
  return h(
    'table',
    { class: 'data compact' },
    h('caption', { text: caption }),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((c) => h('th', { scope: 'col', text: c })),
      ),
    ),
    h('tbody', {}, rows),
  );
}

function listTable(items, threshold) {
  if (items.length === 0) return h('p', { class: 'muted', role: 'status', text: 'Tidak ada laporan bertempat pada periode ini.' });
  return table(
    `Tempat menurut jumlah laporan (berulang: ${threshold} laporan atau lebih)`,
    ['Tempat', 'Kategori', 'Laporan', 'Terbuka', 'Rata-rata selesai', 'Keterangan', 'Nomor laporan'],
    items.map((r) =>
      h(
        'tr',
        { class: r.repeat ? 'repeat-fault' : undefined },
        h('td', {}, r.placePath, h('br'), h('small', { class: 'muted', text: r.placeCode })),
        h('td', { text: r.categoryName }),
        h('td', { text: fmtNumber(r.count) }),
        h('td', { text: fmtNumber(r.open) }),
        h('td', { text: r.meanFinishHours === null ? '—' : `${fmtNumber(r.meanFinishHours)} jam` }),
        h('td', {}, r.repeat ? h('strong', { text: 'berulang' }) : '—'),
        h('td', { text: r.trackingNos.join(', ') }),
      ),
    ),
  );
}

/** A cell shaded by its share of the building's busiest room: the number is always written in it. */
function heatCell(place, max) {
  const cell = h(
    'td',
    { class: 'heat-cell', title: `${place.name} (${place.code}): ${place.count} laporan` },
    h('div', { text: place.name }),
    h('strong', { text: fmtNumber(place.count) }),
  );
  const share = max === 0 ? 0 : place.count / max;
  // CSSOM, not a style attribute: the CSP forbids inline styles.
  cell.style.backgroundColor = `rgba(220, 38, 38, ${(0.08 + share * 0.72).toFixed(2)})`;
  cell.style.color = share > 0.6 ? '#fff' : '';
  return cell;
}

function buildingView(b) {
  const floors = [
    ...b.floors,
    ...(b.rooms.length ? [{ name: 'Tanpa lantai', code: '', count: b.rooms.reduce((s, r) => s + r.count, 0), rooms: b.rooms }] : []),
  ];
  const max = Math.max(0, ...floors.flatMap((f) => f.rooms.map((r) => r.count)));
  return h(
    'section',
    { class: 'card', 'aria-label': `Gedung ${b.building.name}` },
    h('h2', { text: `${b.building.name}: ${fmtNumber(b.building.count)} laporan` }),
    table(
      'Laporan per lantai dan ruang',
      ['Lantai', 'Laporan', 'Ruang'],
      floors.map((f) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row', text: f.name }),
          h('td', { text: fmtNumber(f.count) }),
          h('td', { text: f.rooms.map((r) => `${r.name}: ${r.count}`).join(', ') || '—' }),
        ),
      ),
    ),
    h(
      'table',
      { class: 'heat-grid', 'aria-label': 'Peta panas laporan per ruang' },
      h(
        'tbody',
        {},
        floors.map((f) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row', text: f.name }),
            f.rooms.map((r) => heatCell(r, max)),
          ),
        ),
      ),
    ),
  );
}

export const repeatFaultsPage = {
  title: 'Kerusakan Berulang',
  levels: ['Administrator', 'Staf'],
  async render(view) {
    const from = h('input', { type: 'date', name: 'from' });
    const to = h('input', { type: 'date', name: 'to' });
    const building = select({ name: 'building' }, [['', 'Semua gedung']], '');
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const list = h('div');
    const grid = h('div');
    const form = h(
      'form',
      { class: 'filters period', 'aria-label': 'Periode' },
      h(
        'div',
        { class: 'filter-row filter-row-flex' },
        field('Dari tanggal', from),
        field('Sampai tanggal', to),
        field('Gedung', building),
        h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'primary', text: 'Tampilkan' })),
      ),
    );
    const asked = () => ({ from: from.value, to: to.value, building: building.value });
    const download = button('Unduh Excel', async () => {
      try {
        const { blob, filename } = await apiBlob(`/api/repeat-faults/export.xlsx${qs(asked())}`);
        saveBlob(blob, filename ?? 'kerusakan-berulang.xlsx');
        toast('Berkas diunduh.');
      } catch (err) {
        toast(`Gagal mengunduh: ${describeError(err)}`);
      }
    });
    view.append(
      h('div', { class: 'page-head' }, h('h1', { text: 'Kerusakan Berulang' }), h('div', { class: 'toolbar no-print' }, download)),
      form,
      error,
      grid,
      list,
    );

    const loads = newestOnly();
    async function load() {
      const mine = loads.begin();
      const q = asked();
      view.setAttribute('aria-busy', 'true');
      try {
        const [res, b] = await Promise.all([
          api(`/api/repeat-faults${qs(q)}`, { signal: mine.signal }),
          q.building ? api(`/api/repeat-faults/buildings/${q.building}${qs({ from: q.from, to: q.to })}`, { signal: mine.signal }) : null,
        ]);
        if (!loads.isNewest(mine)) return;
        error.hidden = true;
        // Without dates the API answers the last REPEAT_FAULT_DAYS days: show which.
        if (!from.value && !to.value) {
          from.value = dayOf(res.period.from);
          to.value = dayOf(res.period.to - 1);
        }
        replace(list, listTable(res.items, res.threshold));
        replace(grid, b ? buildingView(b) : null);
      } catch (err) {
        if (err.name === 'AbortError') return;
        error.textContent = describeError(err);
        error.hidden = false;
      } finally {
        if (loads.isNewest(mine)) view.removeAttribute('aria-busy');
      }
    }
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void load();
    });
    building.addEventListener('change', () => void load());
    try {
      const places = await api('/api/places?kind=building');
      for (const p of places.items) building.append(h('option', { value: String(p.id), text: `${p.name} (${p.code})` }));
    } catch (err) {
      toast(`Daftar gedung tidak termuat: ${describeError(err)}`);
    }
    await load();
    return () => loads.stop();
  },
};
