/** "Unduh Excel" / "Unduh CSV": GET /api/tickets/export with the current filters, with progress. */
import { apiBlob, describeError, qs, saveBlob } from './api.js';
import { h } from './dom.js';
import { fmtBytes } from './format.js';
import { toast } from './notice.js';

/** The export buttons and their progress line; `filters()` gives the current filters. */
export function exportBar(filters) {
  const progress = h('progress', { 'aria-label': 'Kemajuan unduhan' });
  const text = h('span');
  const status = h('div', { class: 'export-status', role: 'status', hidden: true }, progress, text);
  const buttons = [
    h('button', { type: 'button', class: 'secondary', text: 'Unduh Excel', dataset: { format: 'xlsx' } }),
    h('button', { type: 'button', class: 'secondary', text: 'Unduh CSV', dataset: { format: 'csv' } }),
  ];
  let controller = null;

  async function download(format) {
    for (const b of buttons) b.disabled = true;
    controller = new AbortController();
    status.hidden = false;
    progress.removeAttribute('value');
    text.textContent = 'Menyiapkan berkas…';
    try {
      const { blob, filename } = await apiBlob(`/api/tickets/export${qs({ ...filters(), format })}`, {
        signal: controller.signal,
        onProgress: (bytes) => {
          text.textContent = `Mengunduh… ${fmtBytes(bytes)}`;
        },
      });
      saveBlob(blob, filename ?? `tickets.${format}`);
      text.textContent = `Selesai: ${filename ?? format} (${fmtBytes(blob.size)})`;
      progress.value = progress.max = 1;
      toast('Berkas diunduh.');
    } catch (err) {
      if (err.name === 'AbortError') return;
      text.textContent = `Gagal mengunduh: ${describeError(err)}`;
      progress.value = 0;
    } finally {
      controller = null;
      for (const b of buttons) b.disabled = false;
    }
  }

  for (const b of buttons) b.addEventListener('click', () => download(b.dataset.format));
  return {
    el: h('div', { class: 'export' }, buttons, status),
    /** Stops a download in progress (the page is left). */
    abort: () => controller?.abort(),
  };
}
