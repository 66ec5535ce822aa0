/**
 * The statistics charts, each as { type, data, options } for Chart.js plus the rows of the
 * table shown under it, built from GET /api/stats.
 */
import { baseOptions, statusColors } from './charts.js';
import { fmtDuration, fmtMonth, fmtNumber, statusLabel, ticketStatuses } from './format.js';

const HOUR = 3_600_000;
const hours = (ms) => (ms === null ? null : Math.round((ms / HOUR) * 10) / 10);
const countAxis = { beginAtZero: true, ticks: { precision: 0 } };

export function statusChart(s) {
  const rows = ticketStatuses.map((st) => [statusLabel[st], s.byStatus[st]]);
  return {
    config: {
      type: 'doughnut',
      data: {
        labels: rows.map((r) => r[0]),
        datasets: [{ data: rows.map((r) => r[1]), backgroundColor: ticketStatuses.map((st) => statusColors[st]) }],
      },
      options: baseOptions(),
    },
    table: { head: ['Status', 'Jumlah'], rows },
  };
}

export function monthChart(s) {
  const rows = s.perMonth.map((m) => [fmtMonth(m.month), m.tickets]);
  return {
    config: {
      type: 'bar',
      data: { labels: rows.map((r) => r[0]), datasets: [{ label: 'Tiket', data: rows.map((r) => r[1]), backgroundColor: '#0f766e' }] },
      options: baseOptions({ plugins: { legend: { display: false } }, scales: { y: countAxis } }),
    },
    table: { head: ['Bulan', 'Tiket'], rows },
  };
}

export function durationChart(s) {
  const measures = [
    ['Sampai ditugaskan', s.timeToFirstAssignment],
    ['Sampai selesai', s.timeToFinish],
  ];
  return {
    config: {
      type: 'bar',
      data: {
        labels: measures.map((m) => m[0]),
        datasets: [
          { label: 'Median', data: measures.map((m) => hours(m[1].medianMs)), backgroundColor: '#0f766e' },
          { label: 'Persentil 90', data: measures.map((m) => hours(m[1].p90Ms)), backgroundColor: '#f59e0b' },
        ],
      },
      options: baseOptions({ indexAxis: 'y', scales: { x: { beginAtZero: true, title: { display: true, text: 'jam' } } } }),
    },
    table: {
      head: ['Ukuran', 'Tiket', 'Median', 'Persentil 90'],
      rows: measures.map(([k, v]) => [k, v.count, fmtDuration(v.medianMs), fmtDuration(v.p90Ms)]),
    },
  };
}

export function technicianChart(s) {
  const tech = s.technicians;
  return {
    config: {
      type: 'bar',
      data: {
        labels: tech.map((t) => t.name),
        datasets: [
          { label: 'Terbuka', data: tech.map((t) => t.open), backgroundColor: statusColors.proses },
          { label: 'Selesai', data: tech.map((t) => t.finished), backgroundColor: statusColors.selesai },
        ],
      },
      options: baseOptions({ scales: { x: { stacked: true }, y: { ...countAxis, stacked: true } } }),
    },
    table: { head: ['Teknisi', 'Terbuka', 'Selesai'], rows: tech.map((t) => [`${t.name} (${t.staffId})`, t.open, t.finished]) },
  };
}

// Service levels (issue 14): ratings, SLA compliance per clock, working-time percentiles.

const clockNames = [
  ['assign', 'Ditugaskan'],
  ['start', 'Dimulai'],
  ['finish', 'Selesai'],
];
const clockColors = { assign: '#2563eb', start: '#d97706', finish: '#059669' };
const percent = (rate) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** "67% (2/3)": the share on time and of how many met clocks; "—" when none was met. */
export const fmtRate = (c) => (c.rate === null ? '—' : `${fmtNumber(c.rate * 100)}% (${c.onTime}/${c.met})`);
const fmtRating = (g) => (g.average === null ? '—' : `${fmtNumber(g.average)} (${g.rated})`);
/** Working time reads in hours of work: "1 hari" would suggest 24 hours. */
const fmtWorkHours = (ms) => (ms === null ? '—' : `${fmtNumber(ms / HOUR)} jam kerja`);

function complianceBars(labels, groups) {
  return {
    type: 'bar',
    data: {
      labels,
      datasets: clockNames.map(([k, name]) => ({
        label: name,
        data: groups.map((g) => percent(g[k].rate)),
        backgroundColor: clockColors[k],
      })),
    },
    options: baseOptions({ scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '% tepat waktu' } } } }),
  };
}

const complianceHead = (first) => [first, ...clockNames.map(([, name]) => `${name} tepat waktu`)];

export function categorySlaChart(s) {
  const groups = s.sla.byCategory;
  return {
    config: complianceBars(
      groups.map((g) => g.name),
      groups,
    ),
    table: {
      head: [...complianceHead('Kategori'), 'Penilaian (jumlah)'],
      rows: groups.map((g) => [g.name, ...clockNames.map(([k]) => fmtRate(g[k])), fmtRating(g)]),
    },
  };
}

export function technicianSlaChart(s) {
  const groups = s.sla.byTechnician;
  return {
    config: complianceBars(
      groups.map((g) => g.name),
      groups,
    ),
    table: {
      head: [...complianceHead('Teknisi'), 'Penilaian (jumlah)'],
      rows: groups.map((g) => [`${g.name} (${g.staffId})`, ...clockNames.map(([k]) => fmtRate(g[k])), fmtRating(g)]),
    },
  };
}

export function monthSlaChart(s) {
  const months = s.sla.byMonth;
  return {
    config: {
      type: 'line',
      data: {
        labels: months.map((m) => fmtMonth(m.month)),
        datasets: clockNames.map(([k, name]) => ({
          label: name,
          data: months.map((m) => percent(m[k].rate)),
          borderColor: clockColors[k],
          backgroundColor: clockColors[k],
          pointRadius: 4,
          spanGaps: true,
        })),
      },
      options: baseOptions({ scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '% tepat waktu' } } } }),
    },
    table: { head: complianceHead('Bulan'), rows: months.map((m) => [fmtMonth(m.month), ...clockNames.map(([k]) => fmtRate(m[k]))]) },
  };
}

export function workingTimeChart(s) {
  const measures = [
    ['Sampai ditugaskan', s.workingTime.toAssign],
    ['Sampai dimulai', s.workingTime.toStart],
    ['Sampai selesai', s.workingTime.toFinish],
  ];
  return {
    config: {
      type: 'bar',
      data: {
        labels: measures.map((m) => m[0]),
        datasets: [
          { label: 'Median', data: measures.map((m) => hours(m[1].medianMs)), backgroundColor: '#0f766e' },
          { label: 'Persentil 90', data: measures.map((m) => hours(m[1].p90Ms)), backgroundColor: '#f59e0b' },
        ],
      },
      options: baseOptions({ indexAxis: 'y', scales: { x: { beginAtZero: true, title: { display: true, text: 'jam kerja' } } } }),
    },
    table: {
      head: ['Ukuran', 'Tiket', 'Median', 'Persentil 90'],
      rows: measures.map(([k, v]) => [k, v.count, fmtWorkHours(v.medianMs), fmtWorkHours(v.p90Ms)]),
    },
  };
}

export function ratingChart(s) {
  // Digits, not star glyphs: a chart canvas without an emoji font draws those as boxes.
  const rows = s.rating.scores.map((n, i) => [String(i + 1), n]);
  return {
    config: {
      type: 'bar',
      data: { labels: rows.map((r) => r[0]), datasets: [{ label: 'Penilaian', data: rows.map((r) => r[1]), backgroundColor: '#f59e0b' }] },
      options: baseOptions({
        plugins: { legend: { display: false } },
        scales: { x: { title: { display: true, text: 'nilai (5 = sangat puas)' } }, y: countAxis },
      }),
    },
    table: { head: ['Nilai', 'Jumlah'], rows },
  };
}
