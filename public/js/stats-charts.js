/**
 * The four statistics charts, each as { type, data, options } for Chart.js plus the rows of
 * the table shown under it, built from GET /api/stats.
 */
import { baseOptions, statusColors } from './charts.js';
import { fmtDuration, fmtMonth, statusLabel, ticketStatuses } from './format.js';

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
