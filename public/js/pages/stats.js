/**
 * Statistics (the book's "Grafik Data Monitoring"): tickets per status and per month, time to
 * assignment and to finish, and each technician's load, for a chosen period, with the demand
 * (every report, merged and followed ones included, beside the ticket count); then the service
 * levels: the reporters' ratings, SLA compliance per category, technician and month, and times in
 * working hours. Each chart has its numbers in a table under it.
 */
import { api, describeError, qs } from '../api.js';
import { loadChartJs } from '../charts.js';
import { button, field, h, replace } from '../dom.js';
import { fmtDuration, fmtNumber, wibDay } from '../format.js';
import { newestOnly } from '../newest.js';
import { replaceParams } from '../router.js';
import {
  categorySlaChart,
  durationChart,
  fmtRate,
  monthChart,
  monthSlaChart,
  ratingChart,
  statusChart,
  technicianChart,
  technicianSlaChart,
  workingTimeChart,
} from '../stats-charts.js';

/** The default period: the last twelve months (from the first day of the month eleven months ago). */
function lastYear() {
  const [y, m] = wibDay().split('-').map(Number);
  return { from: new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 10), to: wibDay() };
}

function dataTable(caption, { head, rows }) {
  return h(
    'details',
    { class: 'chart-data' },
    h('summary', { text: 'Tabel data' }),
    h(
      'table',
      { class: 'data compact' },
      h('caption', { class: 'visually-hidden', text: caption }),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head.map((c) => h('th', { scope: 'col', text: c })),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {},
            r.map((c) => h('td', { text: String(c) })),
          ),
        ),
      ),
    ),
  );
}

/** A card with a canvas; `draw(Chart, { config, table })` fills it and returns the chart. */
function chartCard(title, id) {
  const canvas = h('canvas', { id, role: 'img', 'aria-label': title });
  const table = h('div');
  return {
    el: h(
      'section',
      { class: 'card chart-card', 'aria-label': title },
      h('h2', { text: title }),
      h('div', { class: 'chart-box' }, canvas),
      table,
    ),
    draw(Chart, chart) {
      replace(table, dataTable(title, chart.table));
      return new Chart(canvas, chart.config);
    },
  };
}

/** "75% (3/4)"; "—" without a whole. */
const share = (part, whole) => (whole === 0 ? '—' : `${fmtNumber((part / whole) * 100)}% (${part}/${whole})`);

const figure = (label, value) =>
  h('div', { class: 'stat' }, h('span', { class: 'stat-label', text: label }), h('strong', { class: 'stat-value', text: value }));

export const statsPage = {
  title: 'Statistik',
  levels: ['Administrator', 'Staf'],
  async render(view, { params }) {
    const period = params.get('from') || params.get('to') ? { from: params.get('from') ?? '', to: params.get('to') ?? '' } : lastYear();
    const from = h('input', { type: 'date', name: 'from', value: period.from });
    const to = h('input', { type: 'date', name: 'to', value: period.to });
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const summary = h('div', { class: 'summary' });
    const empty = h('p', { class: 'muted', role: 'status', hidden: true, text: 'Tidak ada tiket pada periode ini.' });
    const cards = [
      [chartCard('Tiket per status', 'chart-status'), statusChart],
      [chartCard('Tiket per bulan', 'chart-month'), monthChart],
      [chartCard('Waktu penanganan (jam)', 'chart-duration'), durationChart],
      [chartCard('Beban per teknisi', 'chart-tech'), technicianChart],
      [chartCard('Penilaian pelapor', 'chart-rating'), ratingChart],
      [chartCard('Waktu penanganan (jam kerja)', 'chart-worktime'), workingTimeChart],
      [chartCard('Kepatuhan SLA per kategori', 'chart-sla-category'), categorySlaChart],
      [chartCard('Kepatuhan SLA per teknisi', 'chart-sla-tech'), technicianSlaChart],
      [chartCard('Kepatuhan SLA per bulan', 'chart-sla-month'), monthSlaChart],
    ];
    const recent = h('button', { type: 'button', class: 'secondary', text: '30 hari terakhir' });
    const form = h(
      'form',
      { class: 'filters period', 'aria-label': 'Periode' },
      h(
        'div',
        { class: 'filter-row filter-row-flex' },
        field('Dari tanggal', from),
        field('Sampai tanggal', to),
        h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'primary', text: 'Tampilkan' }), recent),
      ),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void load();
    });
    // Without dates the API answers its default period (the last 30 days) and names it.
    recent.addEventListener('click', () => {
      from.value = to.value = '';
      void load();
    });
    const print = button('Cetak', () => window.print());
    view.append(
      h('div', { class: 'page-head' }, h('h1', { text: 'Statistik' }), h('div', { class: 'toolbar no-print' }, print)),
      form,
      error,
      summary,
      empty,
      h(
        'div',
        { class: 'chart-grid' },
        cards.map(([card]) => card.el),
      ),
    );

    const charts = [];
    const loads = newestOnly();
    async function load() {
      const mine = loads.begin();
      const asked = { from: from.value, to: to.value };
      view.setAttribute('aria-busy', 'true');
      try {
        replaceParams(asked);
        const [Chart, s] = await Promise.all([loadChartJs(), api(`/api/stats${qs(asked)}`, { signal: mine.signal })]);
        if (!loads.isNewest(mine)) return;
        error.hidden = true;
        // Name the period the API answered (its default when none was asked) unless the user has typed since.
        if (from.value === asked.from && to.value === asked.to) {
          from.value = s.from;
          to.value = s.to;
        }
        for (const c of charts.splice(0)) c.destroy();
        const open = s.byStatus.baru + s.byStatus.proses + s.byStatus.pending;
        empty.hidden = s.total > 0;
        replace(
          summary,
          figure('Total tiket', fmtNumber(s.total)),
          // A fault reported by five people is one ticket and five requests (issue 15 part 3).
          figure(
            'Permintaan (pelapor)',
            `${fmtNumber(s.demand.requests)} · ${fmtNumber(s.demand.mergedTickets)} digabung, ${fmtNumber(s.demand.followers)} #ikut`,
          ),
          figure('Masih terbuka', fmtNumber(open)),
          figure('Median sampai selesai', fmtDuration(s.timeToFinish.medianMs)),
          figure('Median sampai ditugaskan', fmtDuration(s.timeToFirstAssignment.medianMs)),
          figure('Rata-rata penilaian', s.rating.average === null ? '—' : `${fmtNumber(s.rating.average)} / 5`),
          figure('Penilaian dijawab', share(s.rating.rated, s.rating.asked)),
          figure('Dibuka kembali (#belum)', share(s.reopen.reopened, s.reopen.finished)),
          figure('Selesai tepat waktu', fmtRate(s.sla.overall.finish)),
        );
        for (const [card, build] of cards) charts.push(card.draw(Chart, build(s)));
      } catch (err) {
        if (!loads.isNewest(mine)) return; // aborted or overtaken: the newer load reports
        error.textContent = describeError(err);
        error.hidden = false;
      } finally {
        if (loads.isNewest(mine)) view.removeAttribute('aria-busy');
      }
    }

    await load();
    return () => {
      loads.stop();
      charts.forEach((c) => c.destroy());
    };
  },
};
