/**
 * Bulk import of employees and staff from a sheet (issue 16 part 1): a preview per row, then apply.
 * The file goes up as it is (not as JSON), so a directory of 20,000 employees fits; new staff come
 * back with one-time set-password links, shown here once to hand out.
 */
import { ApiError, apiBlob, describeError, qs, saveBlob } from '../api.js';
import { confirmDialog } from '../dialogs.js';
import { busy, button, field, formError, h, replace, select, showError } from '../dom.js';
import { fmtDateTime, fmtNumber } from '../format.js';
import { toast } from '../notice.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const KINDS = [
  ['employees', 'Pegawai (pelapor)'],
  ['staff', 'Petugas (Administrator, Staf, TBO)'],
];
const ACTION = { create: 'Baru', update: 'Diubah', unchanged: 'Tetap', refused: 'Ditolak' };
const COLUMN = {
  id: 'ID',
  name: 'nama',
  phone: 'no HP',
  email: 'email',
  department: 'departemen',
  unit: 'unit',
  level: 'level',
  description: 'deskripsi',
  username: 'nama pengguna',
  status: 'status',
  notes: 'catatan',
};
const col = (r) => COLUMN[r.column] ?? r.column ?? '';
/** Indonesian for the API's stable reason codes. */
const REASON = {
  column_missing: (r) => `kolom ${col(r)} tidak ada di berkas`,
  id_invalid: () => 'ID tidak sah (huruf, angka, ".", "_" atau "-", maks. 20)',
  id_duplicate_in_file: (r) => `ID sama dengan baris ${r.otherRow}`,
  name_missing: () => 'nama kosong',
  name_too_long: () => 'nama lebih dari 100 huruf',
  phone_missing: () => 'nomor HP kosong',
  phone_invalid: () => 'nomor HP tidak sah (mis. 0812… atau 62812…)',
  phone_duplicate_in_file: (r) => `nomor HP sama dengan baris ${r.otherRow}`,
  phone_taken: () => 'nomor HP sudah dipakai orang lain',
  email_invalid: () => 'email tidak sah',
  unit_unknown: () => 'unit belum dikenal (centang "Izinkan unit baru" bila memang baru)',
  unit_new: () => 'unit baru, akan ditambahkan',
  level_missing: () => 'level kosong (Administrator, Staf atau TBO)',
  level_unknown: () => 'level tidak dikenal (Administrator, Staf atau TBO)',
  username_missing: () => 'nama pengguna kosong',
  username_invalid: () => 'nama pengguna tidak sah (3–64 huruf kecil, angka, ".", "_" atau "-")',
  username_duplicate_in_file: (r) => `nama pengguna sama dengan baris ${r.otherRow}`,
  username_taken: () => 'nama pengguna sudah dipakai petugas lain',
  status_unknown: () => 'status tidak dikenal (aktif atau nonaktif)',
  text_too_long: (r) => `isian ${col(r)} terlalu panjang`,
  person_duplicate_in_file: (r) => `orang yang sama sudah ada di baris ${r.otherRow}`,
  administrator_protected: () => 'level atau status Administrator tidak diubah lewat impor; ubah di halaman Petugas',
};
const reasonText = (r) => (REASON[r.code] ?? (() => r.code))(r);
/** A 20,000-row preview would freeze the page: refused rows first, then a sample of the rest. */
const SHOWN = 300;

/** POSTs the file as it is; errors become ApiError like every other call. */
async function upload(params, file) {
  const type = /\.xlsx$/i.test(file.name) ? XLSX : 'text/csv';
  const res = await fetch(`/api/people/import${qs(params)}`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': type, 'x-requested-with': 'wa-ticketing' },
    body: file,
    credentials: 'same-origin',
  }).catch(() => {
    throw new ApiError(0, 'NETWORK', 'server tidak dapat dihubungi');
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, json.error?.code ?? `HTTP_${res.status}`, json.error?.message ?? '', json.error?.details);
  return json;
}

export const peopleImportPage = {
  title: 'Impor Pegawai & Petugas',
  levels: ['Administrator'],
  render(view) {
    const kind = select({ name: 'kind' }, KINDS, 'employees');
    const file = h('input', { type: 'file', name: 'file', accept: '.csv,.xlsx,text/csv' });
    const newUnits = h('input', { type: 'checkbox', name: 'allowNewUnits' });
    const unitsLabel = h('label', { class: 'check' }, newUnits, ' Izinkan unit baru (belum ada di direktori)');
    const error = formError();
    const result = h('div', { 'aria-live': 'polite' });
    const paramsOf = (dryRun) => {
      const chosen = file.files?.[0];
      if (!chosen) throw new Error('no file');
      return { kind: kind.value, filename: chosen.name, dryRun: String(dryRun), allowNewUnits: String(newUnits.checked) };
    };

    async function preview() {
      if (!file.files?.[0]) return showError(error, 'Pilih berkas CSV atau XLSX dulu.');
      const report = await upload(paramsOf(true), file.files[0]);
      replace(result, reportView(report, file.files[0].name, apply));
    }

    async function apply(report) {
      const { create, update } = report.counts;
      const ok = await confirmDialog(
        `Terapkan impor: ${fmtNumber(create)} baru dan ${fmtNumber(update)} diubah? Semua baris disimpan sekaligus.`,
        'Terapkan',
      );
      if (!ok) return;
      try {
        const done = await upload(paramsOf(false), file.files[0]);
        if (!done.applied) return replace(result, reportView(done, file.files[0].name, apply));
        toast(`Impor selesai: ${done.counts.create} baru, ${done.counts.update} diubah, ${done.counts.unchanged} tetap.`);
        replace(result, appliedView(done));
        file.value = '';
      } catch (err) {
        toast(describeError(err), 'bad');
      }
    }

    const syncKind = () => {
      unitsLabel.hidden = kind.value !== 'employees';
      replace(result);
    };
    kind.addEventListener('change', syncKind);
    file.addEventListener('change', () => replace(result));
    const template = button(
      'Unduh template',
      (e) =>
        void busy(
          e.currentTarget,
          async () => {
            const { blob } = await apiBlob(`/api/people/import-template.xlsx${qs({ kind: kind.value })}`);
            saveBlob(blob, kind.value === 'staff' ? 'template-staf.xlsx' : 'template-pegawai.xlsx');
          },
          error,
        ),
    );
    view.append(
      h('h1', { text: 'Impor Pegawai & Petugas' }),
      h('p', {
        class: 'muted',
        text:
          'Kolom dikenali dari judulnya (Indonesia atau Inggris): nama, no HP/WhatsApp, email, unit kerja, departemen, status, catatan; ' +
          'petugas juga level dan nama pengguna. Orang dicocokkan lewat ID, lalu nomor HP. Sel kosong tidak mengubah data yang ada. ' +
          'Petugas baru tidak diberi kata sandi: mereka menerima tautan sekali pakai untuk membuatnya.',
      }),
      h(
        'section',
        { class: 'card people-import-form' },
        h('div', { class: 'filter-row' }, field('Jenis data', kind), field('Berkas CSV atau XLSX', file), unitsLabel),
        h(
          'div',
          { class: 'actions' },
          template,
          button('Pratinjau', (e) => void busy(e.currentTarget, preview, error), { kind: 'primary' }),
        ),
        error,
      ),
      result,
    );
  },
};

function reportView(report, filename, onApply) {
  const { create, update, unchanged, refused } = report.counts;
  const changes = create + update;
  const applyButton = button(`Terapkan (${fmtNumber(changes)} perubahan)`, (e) => void busy(e.currentTarget, () => onApply(report)), {
    kind: 'primary',
  });
  applyButton.disabled = changes === 0 || refused > 0;
  const rows = [...report.rows.filter((r) => r.action === 'refused'), ...report.rows.filter((r) => r.action !== 'refused')];
  const { missing, ignored } = report.columns;
  return h(
    'section',
    { class: 'card people-import-report', 'aria-label': 'Pratinjau impor' },
    h('h2', { text: `Pratinjau ${filename}` }),
    h(
      'ul',
      { class: 'import-counts' },
      [
        ['create', create],
        ['update', update],
        ['unchanged', unchanged],
        ['refused', refused],
      ].map(([a, n]) => h('li', { class: `import-${a}`, dataset: { action: a } }, h('strong', { text: fmtNumber(n) }), ` ${ACTION[a]}`)),
    ),
    missing.length ? h('p', { class: 'form-error', text: `Kolom wajib tidak ada: ${missing.map((c) => COLUMN[c]).join(', ')}.` }) : null,
    ignored.length ? h('p', { class: 'muted', text: `Kolom diabaikan: ${ignored.join(', ')}.` }) : null,
    refused
      ? h('p', { class: 'form-error', text: 'Perbaiki baris yang ditolak dulu: impor hanya diterapkan bila semua baris diterima.' })
      : changes === 0
        ? h('p', { text: 'Tidak ada yang berubah: semua baris sudah sama dengan data yang ada.' })
        : h('p', { class: 'muted', text: 'Belum ada yang disimpan.' }),
    h(
      'table',
      { class: 'data import-rows' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Baris', 'Hasil', 'ID', 'Nama', 'Keterangan'].map((t) => h('th', { scope: 'col', text: t })),
        ),
      ),
      h(
        'tbody',
        {},
        rows.slice(0, SHOWN).map((r) =>
          h(
            'tr',
            { class: `import-${r.action}`, dataset: { row: r.row } },
            h('td', { dataset: { label: 'Baris' }, text: r.row }),
            h('td', { dataset: { label: 'Hasil' }, text: ACTION[r.action] }),
            h('td', { dataset: { label: 'ID' }, text: r.id ?? '(baru)' }),
            h('td', { dataset: { label: 'Nama' }, text: r.name ?? '' }),
            h('td', {
              dataset: { label: 'Keterangan' },
              text:
                [...r.reasons, ...r.warnings].map(reasonText).join('; ') ||
                (r.changes.length ? `diubah: ${r.changes.map((c) => COLUMN[c === 'active' ? 'status' : c] ?? c).join(', ')}` : ''),
            }),
          ),
        ),
      ),
    ),
    rows.length > SHOWN ? h('p', { class: 'muted', text: `${fmtNumber(rows.length - SHOWN)} baris lain tidak ditampilkan.` }) : null,
    h('div', { class: 'actions' }, applyButton),
  );
}

function appliedView(report) {
  const { create, update, unchanged } = report.counts;
  return h(
    'section',
    { class: 'card people-import-report', 'aria-label': 'Hasil impor' },
    h('h2', { text: 'Impor diterapkan' }),
    h('p', { text: `${fmtNumber(create)} baru, ${fmtNumber(update)} diubah, ${fmtNumber(unchanged)} tetap.` }),
    report.links.length ? linksView(report.links) : null,
  );
}

/** The set-password links of new staff: shown only now, so each has a copy button. */
function linksView(links) {
  return h(
    'div',
    { class: 'set-password-links' },
    h('h3', { text: 'Tautan atur kata sandi' }),
    h('p', {
      class: 'form-error',
      text: 'Berikan tautan ini kepada masing-masing petugas. Tautan hanya ditampilkan sekarang dan hanya dapat dipakai sekali.',
    }),
    h(
      'table',
      { class: 'data set-password-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Nama', 'Nama pengguna', 'Tautan', 'Berlaku sampai', ''].map((t) => h('th', { scope: 'col', text: t })),
        ),
      ),
      h(
        'tbody',
        {},
        links.map((l) => {
          const input = h('input', { type: 'text', readOnly: true, value: l.url, 'aria-label': `Tautan ${l.username}`, class: 'link-url' });
          const copy = button(
            'Salin',
            async () => {
              input.select();
              try {
                await navigator.clipboard.writeText(l.url);
                toast(`Tautan ${l.username} disalin.`);
              } catch {
                toast('Tidak dapat menyalin otomatis; salin dari kotak tautan.', 'bad');
              }
            },
            { small: true, label: `Salin tautan ${l.username}` },
          );
          return h(
            'tr',
            { dataset: { staff: l.staffId } },
            h('td', { dataset: { label: 'Nama' }, text: l.name }),
            h('td', { dataset: { label: 'Nama pengguna' }, text: l.username }),
            h('td', { dataset: { label: 'Tautan' } }, input),
            h('td', { dataset: { label: 'Berlaku sampai' }, text: fmtDateTime(l.expiresAt) }),
            h('td', { dataset: { label: '' } }, copy),
          );
        }),
      ),
    ),
  );
}
