/** The retention section of "Data Pribadi": the periods in force (read-only), what a run now would change, the last runs. */
import { api } from './api.js';
import { h } from './dom.js';
import { fmtDate, fmtDateTime, fmtNumber } from './format.js';

const iso = (ms) => new Date(ms).toISOString();

const rules = [
  {
    key: 'mediaMonths',
    variable: 'RETENTION_MEDIA_MONTHS',
    what: 'Foto tiket yang sudah ditutup',
    unit: 'bulan',
    count: 'mediaRemoved',
    counted: 'foto dihapus',
    cutoff: 'media',
  },
  {
    key: 'messagesMonths',
    variable: 'RETENTION_MESSAGES_MONTHS',
    what: 'Isi pesan masuk/keluar tiket yang sudah ditutup (dan pesan tanpa tiket)',
    unit: 'bulan',
    count: ['inboundCleared', 'outboundCleared', 'inboxCleared'],
    counted: 'pesan dikosongkan',
    cutoff: 'messages',
  },
  {
    key: 'anonymiseYears',
    variable: 'RETENTION_ANONYMISE_YEARS',
    what: 'Nama dan nomor pelapor tiket yang sudah ditutup',
    unit: 'tahun',
    count: 'ticketsAnonymised',
    counted: 'tiket dianonimkan',
    cutoff: 'anonymise',
  },
];

const sum = (counts, key) => (Array.isArray(key) ? key.reduce((s, k) => s + (counts[k] ?? 0), 0) : counts[key]);

function settingsTable(preview) {
  return h(
    'table',
    { class: 'data compact' },
    h('caption', { text: 'Aturan retensi (diatur lewat variabel lingkungan, hanya dapat dibaca di sini)' }),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Data', 'Disimpan', 'Variabel', 'Jika dijalankan sekarang'].map((c) => h('th', { scope: 'col', text: c })),
      ),
    ),
    h(
      'tbody',
      {},
      rules.map((r) => {
        const period = preview.settings[r.key];
        const cutoff = preview.cutoffs[r.cutoff];
        return h(
          'tr',
          { dataset: { rule: r.key } },
          h('th', { scope: 'row', text: r.what }),
          h('td', { text: period > 0 ? `${period} ${r.unit} setelah ditutup` : 'Tanpa batas (aturan mati)' }),
          h('td', {}, h('code', { text: `${r.variable}=${period}` })),
          h('td', { text: period > 0 ? `${fmtNumber(sum(preview.counts, r.count))} ${r.counted} (sebelum ${fmtDate(iso(cutoff))})` : '—' }),
        );
      }),
    ),
  );
}

function runsTable(runs) {
  if (!runs.length) return h('p', { class: 'muted', text: 'Belum pernah dijalankan.' });
  return h(
    'table',
    { class: 'data compact' },
    h('caption', { text: 'Proses retensi terakhir' }),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Mulai', 'Oleh', 'Foto', 'Pesan', 'Tiket dianonimkan', 'Hasil'].map((c) => h('th', { scope: 'col', text: c })),
      ),
    ),
    h(
      'tbody',
      {},
      runs.map((run) =>
        h(
          'tr',
          {},
          h('td', { text: fmtDateTime(iso(run.startedAt)) }),
          h('td', { text: run.trigger === 'cli' ? 'perintah' : 'jadwal harian' }),
          h('td', { text: fmtNumber(run.counts.mediaRemoved) }),
          h('td', { text: fmtNumber(run.counts.inboundCleared + run.counts.outboundCleared + run.counts.inboxCleared) }),
          h('td', { text: fmtNumber(run.counts.ticketsAnonymised) }),
          h('td', { text: runResult(run) }),
        ),
      ),
    ),
  );
}

/** A run with no end a day after it started died with its process; the next run finished its work. */
function runResult(run) {
  if (run.error === 'interrupted') return 'dihentikan (dilanjutkan proses berikutnya)';
  if (run.error) return `berhenti (${run.error})`;
  if (run.finishedAt) return 'selesai';
  return Date.now() - run.startedAt > 86_400_000 ? 'tidak selesai' : 'berjalan';
}

/** The section, loaded now. */
export async function retentionPanel() {
  const [preview, runs] = await Promise.all([api('/api/retention/preview'), api('/api/retention/runs?limit=10')]);
  return h(
    'section',
    { class: 'card', 'aria-label': 'Retensi data' },
    h('h2', { text: 'Retensi data' }),
    settingsTable(preview),
    runsTable(runs.items),
  );
}
