/**
 * "Kalender & SLA" (Administrator): the working week the SLA clocks count (WORK_WEEK, read-only),
 * the holidays of a year (add, delete, import a CSV/ICS file after a preview) and the SLA targets
 * per category × priority.
 */
import { api, ApiError, describeError, qs } from '../api.js';
import { confirmDialog, formDialog } from '../dialogs.js';
import { busy, button, field, formError, h, replace, select, showError } from '../dom.js';
import { fmtDate } from '../format.js';
import { toast } from '../notice.js';

const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const PRIORITIES = [
  ['darurat', 'Darurat'],
  ['tinggi', 'Tinggi'],
  ['normal', 'Normal'],
  ['rendah', 'Rendah'],
];
const CLOCKS = [
  ['assignMinutes', 'Ditugaskan'],
  ['startMinutes', 'Mulai dikerjakan'],
  ['finishMinutes', 'Selesai'],
];
const REFUSED = {
  'bad-date': 'tanggal tidak terbaca',
  'no-name': 'nama hari libur kosong',
  'name-too-long': 'nama terlalu panjang',
  'duplicate-in-file': 'tanggal ini sudah ada di baris sebelumnya',
  recurring: 'acara berulang tidak diimpor',
  'too-long': 'acara lebih dari 31 hari',
  cancelled: 'acara dibatalkan',
  observance: 'perayaan, bukan hari libur',
};

/** 90 → "1 j 30 m"; null → "—". */
const fmtMinutes = (m) => (m === null ? '—' : [m >= 60 && `${Math.floor(m / 60)} j`, m % 60 && `${m % 60} m`].filter(Boolean).join(' '));
/** 90 → "1:30" for editing; null → "". */
const toHm = (m) => (m === null ? '' : `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`);
/** "1:30" or "4" (hours) → minutes; "" → null; anything else is refused naming the clock. */
function fromHm(text, label) {
  const t = String(text ?? '').trim();
  if (t === '') return null;
  const m = /^(\d{1,4})(?::(\d{1,2}))?$/.exec(t);
  const minutes = m && Number(m[2] ?? 0) <= 59 ? Number(m[1]) * 60 + Number(m[2] ?? 0) : 0;
  if (minutes === 0) throw new ApiError(400, 'VALIDATION_FAILED', `${label}: not h:mm`, { field: `${label} (jam:menit, mis. 4:00)` });
  return minutes;
}

const table = (head, body) =>
  h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head.map((c) => h('th', { scope: 'col', text: c })),
        ),
      ),
      body,
    ),
  );
const cell = (label, ...c) => h('td', { dataset: { label } }, ...c);

function weekSection(calendar) {
  const order = [1, 2, 3, 4, 5, 6, 0];
  const body = h(
    'tbody',
    {},
    order.map((d) => {
      const spans = calendar.week[d].spans;
      return h(
        'tr',
        {},
        cell('Hari', DAYS[d]),
        cell('Jam kerja', spans.length ? spans.map((s) => `${s.from}–${s.to}`).join(', ') : 'Libur'),
      );
    }),
  );
  return h(
    'section',
    { class: 'card', 'aria-label': 'Jam kerja' },
    h('h2', { text: 'Jam kerja' }),
    h('p', {
      class: 'muted',
      text: `Jam kerja diatur lewat variabel WORK_WEEK di server (zona waktu ${calendar.timezone}) dan tidak dapat diubah dari dasbor. Target SLA dihitung dalam jam kerja, kecuali prioritas darurat (jam dinding).`,
    }),
    table(['Hari', 'Jam kerja'], body),
  );
}

function holidaySection() {
  const thisYear = Number(new Date().toLocaleString('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }));
  const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => [String(y), String(y)]);
  const year = select({ name: 'year' }, years, String(thisYear));
  const body = h('tbody');
  const error = formError();
  const day = h('input', { type: 'date', name: 'day', required: true });
  const name = h('input', { type: 'text', name: 'name', required: true, maxLength: 200, autocomplete: 'off' });
  const addButton = h('button', { type: 'submit', class: 'primary', text: 'Tambah' });
  const addForm = h(
    'form',
    { class: 'filters', 'aria-label': 'Tambah hari libur' },
    h('div', { class: 'filter-row' }, field('Tanggal', day), field('Nama hari libur', name), addButton),
    error,
  );
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,.ics,text/csv,text/calendar' });
  const previewButton = button('Pratinjau impor', () => void preview());
  const importError = formError();
  const previewArea = h('div', { 'aria-live': 'polite' });

  async function load() {
    const res = await api(`/api/holidays${qs({ year: year.value })}`);
    replace(
      body,
      res.items.length
        ? res.items.map((x) =>
            h(
              'tr',
              { dataset: { day: x.day } },
              cell('Tanggal', fmtDate(`${x.day}T00:00:00+07:00`)),
              cell('Nama', x.name),
              cell(
                'Menu',
                button('Hapus', () => void remove(x), { small: true, kind: 'danger', label: `Hapus hari libur ${x.name}` }),
              ),
            ),
          )
        : h('tr', {}, h('td', { class: 'empty', colSpan: 3, text: `Belum ada hari libur tahun ${year.value}.` })),
    );
  }

  async function remove(x) {
    if (!(await confirmDialog(`Hapus hari libur ${x.name} (${x.day})?`, 'Hapus'))) return;
    try {
      await api(`/api/holidays/${x.day}`, { method: 'DELETE' });
      toast(`Hari libur ${x.name} dihapus.`);
      await load();
    } catch (err) {
      toast(describeError(err), 'bad');
    }
  }

  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(
      addButton,
      async () => {
        try {
          await api('/api/holidays', { method: 'POST', body: { day: day.value, name: name.value } });
        } catch (err) {
          if (err?.code !== 'CONFLICT') throw err;
          return showError(error, 'Tanggal ini sudah menjadi hari libur.');
        }
        toast(`Hari libur ${name.value} ditambahkan.`);
        if (day.value.slice(0, 4) !== year.value && years.some(([y]) => y === day.value.slice(0, 4))) year.value = day.value.slice(0, 4);
        addForm.reset();
        await load();
      },
      error,
    );
  });

  async function preview() {
    const chosen = file.files?.[0];
    if (!chosen) return toast('Pilih berkas CSV atau ICS dulu.', 'bad');
    // The API takes up to 100 kB of JSON; a year of holidays is a few kB.
    if (chosen.size > 90_000) return toast('Berkas terlalu besar (maks. 90 kB); simpan hari libur satu atau dua tahun saja.', 'bad');
    const format = /\.ics$/i.test(chosen.name) || chosen.type === 'text/calendar' ? 'ics' : 'csv';
    const request = { format, text: await chosen.text() };
    await busy(
      previewButton,
      async () => {
        const result = await api(`/api/holidays/import${qs({ dryRun: 'true' })}`, { method: 'POST', body: request });
        replace(
          previewArea,
          previewOf(result, chosen.name, () => apply(request)),
        );
      },
      importError,
    );
  }

  async function apply(request) {
    try {
      const result = await api('/api/holidays/import', { method: 'POST', body: request });
      toast(`${result.added.length} hari libur ditambahkan, ${result.existing.length} sudah ada, ${result.refused.length} ditolak.`);
      replace(previewArea);
      file.value = '';
      await load();
    } catch (err) {
      toast(describeError(err), 'bad');
    }
  }

  year.addEventListener('change', () => void load());
  const section = h(
    'section',
    { class: 'card', 'aria-label': 'Hari libur' },
    h('h2', { text: 'Hari libur' }),
    h('p', { class: 'muted', text: 'Pada hari libur jam SLA tidak berjalan (kecuali prioritas darurat).' }),
    h('div', { class: 'filters' }, h('div', { class: 'filter-row' }, field('Tahun', year))),
    table(['Tanggal', 'Nama', 'Menu'], body),
    addForm,
    h('h3', { text: 'Impor dari berkas' }),
    h(
      'div',
      { class: 'filter-row' },
      field(
        'Berkas CSV atau ICS',
        file,
        'CSV: baris "YYYY-MM-DD,Nama" atau "DD/MM/YYYY,Nama". ICS: mis. ekspor Google Calendar "Hari Libur di Indonesia".',
      ),
      previewButton,
    ),
    importError,
    previewArea,
  );
  return { section, load };
}

function previewOf(result, filename, onApply) {
  const list = (title, rows, text) =>
    rows.length
      ? h(
          'div',
          {},
          h('h4', { text: `${title} (${rows.length})` }),
          h(
            'ul',
            {},
            rows.map((r) => h('li', { text: text(r) })),
          ),
        )
      : null;
  const applyButton = button(`Terapkan impor (${result.added.length} hari baru)`, (e) => void busy(e.currentTarget, onApply), {
    kind: 'primary',
  });
  applyButton.disabled = result.added.length === 0;
  return h(
    'section',
    { class: 'card', 'aria-label': 'Pratinjau impor' },
    h('p', { text: `Pratinjau ${filename}: belum ada yang disimpan.` }),
    list('Akan ditambahkan', result.added, (r) => `${r.day} — ${r.name}`),
    list('Sudah ada (dibiarkan)', result.existing, (r) => `${r.day} — ${r.storedName}`),
    list('Ditolak', result.refused, (r) => `Baris ${r.line}: ${r.text} — ${REFUSED[r.reason] ?? r.reason}`),
    h('div', { class: 'actions' }, applyButton),
  );
}

function targetSection() {
  const body = h('tbody');

  async function load() {
    const [targets, categories] = await Promise.all([api('/api/sla-targets'), api('/api/categories').catch(() => ({ items: [] }))]);
    const own = new Map(targets.items.map((t) => [`${t.categoryId ?? ''}|${t.priority}`, t]));
    const names = new Map(targets.items.filter((t) => t.categoryId !== null).map((t) => [t.categoryId, t.categoryName]));
    for (const c of categories.items) names.set(c.id, c.name);
    const rows = [[null, 'Semua kategori (bawaan)'], ...names];
    replace(
      body,
      rows.map(([categoryId, categoryName]) =>
        h(
          'tr',
          { dataset: { category: String(categoryId ?? 'default') } },
          cell('Kategori', categoryName),
          PRIORITIES.map(([priority, label]) => {
            const mine = own.get(`${categoryId ?? ''}|${priority}`);
            const shown = mine ?? own.get(`|${priority}`);
            const text = shown ? CLOCKS.map(([k, l]) => `${l}: ${fmtMinutes(shown[k])}`).join(' · ') : 'tanpa target';
            return cell(
              label,
              mine || categoryId === null ? h('span', { text }) : h('span', { class: 'muted', title: text, text: 'mengikuti bawaan' }),
              ' ',
              button('Ubah', () => void edit(categoryId, categoryName, priority, label, shown), {
                small: true,
                label: `Ubah target ${categoryName} prioritas ${label}`,
              }),
              mine && categoryId !== null
                ? button('Pakai bawaan', () => void reset(mine, categoryName, label), {
                    small: true,
                    label: `Pakai target bawaan untuk ${categoryName} prioritas ${label}`,
                  })
                : null,
            );
          }),
        ),
      ),
    );
  }

  async function edit(categoryId, categoryName, priority, label, current) {
    const initial = Object.fromEntries(CLOCKS.map(([k]) => [k, toHm(current?.[k] ?? null)]));
    const saved = await formDialog({
      title: `Target ${categoryName} — ${label}${priority === 'darurat' ? ' (jam dinding)' : ''}`,
      fields: CLOCKS.map(([name, l]) => ({
        name,
        label: `${l} dalam (jam:menit)`,
        help: 'Mis. 4:00 atau 0:15; kosongkan bila tanpa target.',
      })),
      initial,
      onSubmit: async (changed) => {
        const values = { ...initial, ...changed };
        const minutes = Object.fromEntries(CLOCKS.map(([k, l]) => [k, fromHm(values[k], l)]));
        return api('/api/sla-targets', { method: 'PUT', body: { categoryId, priority, ...minutes } });
      },
    });
    if (saved) {
      toast(`Target ${categoryName} prioritas ${label} disimpan.`);
      await load();
    }
  }

  async function reset(target, categoryName, label) {
    if (!(await confirmDialog(`Kembalikan ${categoryName} prioritas ${label} ke target bawaan?`, 'Pakai bawaan'))) return;
    try {
      await api(`/api/sla-targets/${target.id}`, { method: 'DELETE' });
      await load();
    } catch (err) {
      toast(describeError(err), 'bad');
    }
  }

  const section = h(
    'section',
    { class: 'card', 'aria-label': 'Target SLA' },
    h('h2', { text: 'Target SLA' }),
    h('p', {
      class: 'muted',
      text: 'Batas waktu sejak laporan masuk sampai ditugaskan, mulai dikerjakan dan selesai, dalam jam kerja. Darurat: jam dinding (dihitung terus, termasuk malam dan hari libur). Kategori tanpa target sendiri mengikuti baris bawaan.',
    }),
    table(['Kategori', ...PRIORITIES.map(([, l]) => l)], body),
  );
  return { section, load };
}

export const calendarPage = {
  title: 'Kalender & SLA',
  levels: ['Administrator'],
  async render(view) {
    const calendar = await api('/api/sla/calendar');
    const holidays = holidaySection();
    const targets = targetSection();
    view.append(h('h1', { text: 'Kalender & SLA' }), weekSection(calendar), holidays.section, targets.section);
    await Promise.all([holidays.load(), targets.load()]);
  },
};
