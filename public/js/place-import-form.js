/** The places page's import: a CSV/XLSX file, its dry-run report, and the button that applies it. */
import { api, apiBlob, describeError, qs, saveBlob } from './api.js';
import { busy, button, field, formError, h, replace, showError } from './dom.js';
import { toast } from './notice.js';

export async function downloadTemplate() {
  const { blob } = await apiBlob('/api/places/import-template.xlsx');
  saveBlob(blob, 'template-tempat.xlsx');
}

const OUTCOME = { created: 'Baru', updated: 'Diubah', unchanged: 'Tetap', refused: 'Ditolak' };

/** A file, its dry-run report, and the button that applies it; nothing is written before that. */
export function importSection(onApplied) {
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,.xlsx,text/csv' });
  const error = formError();
  const previewArea = h('div', { 'aria-live': 'polite' });
  const previewButton = button('Pratinjau impor', (e) => void busy(e.currentTarget, preview, error));

  async function request() {
    const chosen = file.files?.[0];
    if (!chosen) return showError(error, 'Pilih berkas CSV atau XLSX dulu.');
    const xlsx = /\.xlsx$/i.test(chosen.name);
    const content = xlsx ? toBase64(new Uint8Array(await chosen.arrayBuffer())) : await chosen.text();
    // The API takes up to 100 kB of JSON: a few thousand rooms fit as CSV.
    if (content.length > 95_000) return showError(error, 'Berkas terlalu besar (maks. ±95 kB); simpan sebagai CSV atau bagi per gedung.');
    return { name: chosen.name, body: { format: xlsx ? 'xlsx' : 'csv', content } };
  }

  async function preview() {
    const r = await request();
    if (!r) return;
    const report = await api(`/api/places/import${qs({ dryRun: 'true' })}`, { method: 'POST', body: r.body });
    replace(
      previewArea,
      reportOf(report, r.name, () => apply(r.body)),
    );
  }

  async function apply(body) {
    try {
      const report = await api('/api/places/import', { method: 'POST', body });
      if (!report.applied && report.counts.refused) return replace(previewArea, reportOf(report, 'berkas', null));
      toast(`Impor selesai: ${report.counts.created} baru, ${report.counts.updated} diubah, ${report.counts.unchanged} tetap.`);
      replace(previewArea);
      file.value = '';
      await onApplied();
    } catch (err) {
      toast(describeError(err), 'bad');
    }
  }

  const body = h(
    'div',
    {},
    h('p', { class: 'muted', text: 'Kolom: kode, nama, jenis (gedung/lantai/ruang), induk (kode induk), alias (dipisah ";" atau ",").' }),
    h('div', { class: 'filter-row' }, field('Berkas CSV atau XLSX', file), previewButton),
    error,
    previewArea,
  );
  return { body };
}

function reportOf(report, filename, onApply) {
  const { created, updated, unchanged, refused } = report.counts;
  const changes = created + updated;
  const applyButton = onApply
    ? button(`Terapkan impor (${changes} perubahan)`, (e) => void busy(e.currentTarget, onApply), { kind: 'primary' })
    : null;
  if (applyButton) applyButton.disabled = changes === 0 || refused > 0;
  return h(
    'section',
    { class: 'card', 'aria-label': 'Pratinjau impor' },
    h('p', {
      text: `Pratinjau ${filename}: belum ada yang disimpan. ${created} baru, ${updated} diubah, ${unchanged} tetap, ${refused} ditolak.`,
    }),
    refused
      ? h('p', { class: 'form-error', text: 'Perbaiki baris yang ditolak dulu: impor hanya diterapkan bila semua baris diterima.' })
      : null,
    h(
      'ul',
      {},
      report.rows.map((r) => h('li', { text: `Baris ${r.row} ${r.code}: ${OUTCOME[r.outcome]}${r.reason ? ` — ${r.reason}` : ''}` })),
    ),
    applyButton ? h('div', { class: 'actions' }, applyButton) : null,
  );
}

function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
