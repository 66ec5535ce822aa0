/**
 * One ticket for one fault (issue 15 part 3) on the ticket page: the banner of a ticket merged into
 * another, the people who follow it and the tickets merged into it, and the desk's "Gabungkan ke…" form.
 */
import { confirmDialog } from './dialogs.js';
import { busy, field, formError, h, replace } from './dom.js';
import { fmtDateTime } from './format.js';

const ticketLink = (no) => h('a', { href: `#/tiket/${no}`, text: no });

/** The banner of a merged ticket: its work and its people are on the main one. */
export function mergedBanner() {
  const el = h('p', { class: 'merged-banner', role: 'status', hidden: true });
  return {
    el,
    update(d) {
      el.hidden = !d.mergedInto;
      if (d.mergedInto)
        replace(
          el,
          'Tiket ini digabungkan ke ',
          ticketLink(d.mergedInto.trackingNo),
          '; penanganan dan kabar berikutnya ada di tiket itu.',
        );
    },
  };
}

/** Who follows the ticket (hears what the reporter hears) and which tickets were merged into it. */
export function followersList() {
  const el = h('div', { class: 'followers' });
  return {
    el,
    update(d) {
      const people = d.followers.length
        ? h(
            'ul',
            { class: 'follower-list' },
            ...d.followers.map((f) =>
              h(
                'li',
                {},
                h('strong', { text: f.name ?? f.phone }),
                ` ${f.phone} · sejak ${fmtDateTime(f.since)}`,
                ...(f.viaTrackingNo ? [' · dari tiket ', ticketLink(f.viaTrackingNo)] : [' · #ikut']),
              ),
            ),
          )
        : h('p', { class: 'muted', text: 'Belum ada pengikut.' });
      const merged = d.merged.length
        ? [
            h('h3', { text: 'Tiket yang digabungkan ke sini' }),
            h(
              'ul',
              { class: 'merged-list' },
              ...d.merged.map((m) => h('li', {}, ticketLink(m.trackingNo), ` ${m.reporterName} · ${fmtDateTime(m.mergedAt)}`)),
            ),
          ]
        : [];
      replace(el, people, ...merged);
    },
  };
}

/** The desk's form: merge this ticket into the main one, after a confirmation naming both. */
export function mergeForm({ trackingNo, onMerge }) {
  const into = h('input', { name: 'into', required: true, placeholder: 'BRT2612003', autocomplete: 'off', spellcheck: false });
  const error = formError();
  const submit = h('button', { type: 'submit', text: 'Gabungkan' });
  const form = h(
    'form',
    { class: 'card action', 'aria-label': 'Gabungkan ke…' },
    h('h3', { text: 'Gabungkan ke…' }),
    field(
      'Nomor tiket utama',
      into,
      'Untuk laporan yang sama: pelapor tiket ini menjadi pengikut tiket utama dan ikut ditutup bersamanya.',
    ),
    error,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const main = into.value.trim().toUpperCase();
    if (!main) return;
    const ok = await confirmDialog(
      `Gabungkan tiket ${trackingNo} ke ${main}? Kedua pelapor diberi tahu lewat WhatsApp; tiket ${trackingNo} ditutup bersama ${main}.`,
      'Gabungkan',
    );
    if (!ok) return;
    await busy(submit, () => onMerge({ into: main }), error);
  });
  return {
    el: form,
    /** Only an open ticket not merged yet can be merged. */
    update(d) {
      form.hidden = Boolean(d.mergedInto) || d.ticket.status === 'ditutup';
    },
  };
}
