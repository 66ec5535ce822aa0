/**
 * The one-page job sheet ("Lembar Kerja") a technician takes to the site. It is in the page
 * but hidden on screen; print.css shows only it while body has the class `print-job`.
 */
import { h } from './dom.js';
import { fmtDateTime } from './format.js';
import { facts } from './ticket-view.js';

export function jobSheet({ ticket: t, assignments, events }) {
  const active = assignments.filter((a) => a.status === 'active');
  const lines = (n) =>
    h(
      'div',
      { class: 'write-lines' },
      Array.from({ length: n }, () => h('div', { class: 'write-line' })),
    );
  return h(
    'section',
    { class: 'job-sheet', 'aria-hidden': 'true' },
    h('h1', { text: `Lembar Kerja Perbaikan ${t.trackingNo}` }),
    facts([
      ['Nomor tiket', t.trackingNo],
      ['Dilaporkan', fmtDateTime(t.createdAt)],
      ['Pelapor', `${t.reporter.name}${t.reporter.unit ? ` (${t.reporter.unit})` : ''}`],
      ['Telepon', t.reporter.phone],
      ['Teknisi', active.length ? active.map((a) => `${a.staff.name} (${a.staff.id})`).join(', ') : '—'],
      [
        'Catatan penugasan',
        active
          .map((a) => a.note)
          .filter(Boolean)
          .join(' / '),
      ],
    ]),
    h('h2', { text: 'Keluhan' }),
    h('p', { class: 'pre sheet-complaint', text: t.complaint }),
    h('h2', { text: 'Riwayat terakhir' }),
    h(
      'ol',
      { class: 'sheet-history' },
      events.slice(-5).map((e) => h('li', { text: `${fmtDateTime(e.createdAt)} — ${e.note}` })),
    ),
    h('h2', { text: 'Tindakan yang dilakukan' }),
    lines(5),
    h('h2', { text: 'Bahan / suku cadang' }),
    lines(3),
    h(
      'div',
      { class: 'signatures' },
      ['Teknisi', 'Pelapor', 'Admin'].map((who) =>
        h('div', { class: 'signature' }, h('span', { text: who }), h('div', { class: 'sign-space' }), h('span', { text: '(……………………)' })),
      ),
    ),
    h('p', {
      class: 'sheet-footer',
      text: `Dicetak ${fmtDateTime(new Date().toISOString())} · Selesai? Kirim "#finish ${t.trackingNo}" lewat WhatsApp.`,
    }),
  );
}

/** Prints only the job sheet; the class goes when printing is over (or the page is left). */
export function printJobSheet() {
  document.body.classList.add('print-job');
  window.addEventListener('afterprint', endJobSheetPrint, { once: true });
  window.print();
}

export function endJobSheetPrint() {
  document.body.classList.remove('print-job');
}
