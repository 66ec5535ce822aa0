/**
 * One ticket: complaint with photos, reporter, technicians, the #track history and every
 * WhatsApp message in and out. The desk assigns, withdraws, changes the status and writes to the
 * reporter, merges the ticket into another about the same fault (its followers and the merged
 * tickets are listed, a merged ticket shows a banner to the main one); anyone who may see the
 * ticket (a TBO on their own jobs) adds a progress note. On a
 * phone a technician's note form comes before the message list (desk-ticket.css). Refreshes itself.
 */
import { api, describeError } from '../api.js';
import { button, h, replace } from '../dom.js';
import { confirmDialog } from '../dialogs.js';
import { endJobSheetPrint, jobSheet, printJobSheet } from '../job-sheet.js';
import { newestOnly } from '../newest.js';
import { toast } from '../notice.js';
import { isDesk, poll } from '../session.js';
import { loadTechnicians } from '../technicians.js';
import { assignForm, messageForm, noteForm, statusForm } from '../ticket-actions.js';
import { classificationForm, dueFacts } from '../ticket-sla.js';
import { placeForm } from '../ticket-place.js';
import { followersList, mergedBanner, mergeForm } from '../ticket-followers.js';
import { mediaGallery } from '../ticket-media.js';
import { statusBadge } from '../ticket-table.js';
import { assignmentTable, messageLog, ticketFacts, timeline } from '../ticket-view.js';

const section = (title, ...children) => h('section', { class: 'card', 'aria-label': title }, h('h2', { text: title }), ...children);

export const ticketPage = {
  title: 'Tiket',
  async render(view, { args: [raw] }) {
    const trackingNo = raw.toUpperCase();
    const base = `/api/tickets/${encodeURIComponent(trackingNo)}`;
    const desk = isDesk();
    let detail;
    try {
      detail = await api(base);
    } catch (err) {
      view.append(
        h('h1', { text: `Tiket ${trackingNo}` }),
        h('p', {
          class: 'form-error',
          role: 'alert',
          text: err.status === 404 ? 'Tiket tidak ditemukan (atau tidak ditugaskan kepada Anda).' : describeError(err),
        }),
        h('p', {}, h('a', { href: '#/monitoring', text: '‹ Kembali ke daftar' })),
      );
      return;
    }

    const title = h('h1', {}, `Tiket ${trackingNo} `);
    const badge = h('span');
    const facts = h('div');
    const complaint = h('blockquote', { class: 'complaint-full pre' });
    const gallery = mediaGallery();
    const assignments = h('div');
    const dues = h('div');
    const history = h('div');
    const messages = h('div');
    const sheet = h('div', { class: 'job-sheet-holder' });
    const refreshError = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const banner = mergedBanner();
    const followers = followersList();

    const act = async (request, done) => {
      await request();
      toast(done);
      await refresh();
    };
    const withdraw = async (a, button) => {
      if (!(await confirmDialog(`Tarik penugasan ${a.staff.name} dari tiket ${trackingNo}? Teknisi diberi tahu lewat WhatsApp.`, 'Tarik')))
        return;
      button.disabled = true;
      try {
        await act(() => api(`${base}/assignments/${a.id}`, { method: 'DELETE' }), `Penugasan ${a.staff.name} ditarik.`);
      } catch (err) {
        button.disabled = false;
        toast(describeError(err), 'bad');
      }
    };

    let assign = null;
    let status = null;
    let message = null;
    let classify = null;
    let place = null;
    let merge = null;
    if (desk) {
      merge = mergeForm({
        trackingNo,
        onMerge: (body) => act(() => api(`${base}/merge`, { method: 'POST', body }), `Tiket digabungkan ke ${body.into}.`),
      });
      const places = await api('/api/places').then(
        (r) => r.items,
        () => [],
      );
      place = placeForm({
        places,
        onSave: (body) => act(() => api(`${base}/place`, { method: 'PATCH', body }), 'Tempat disimpan.'),
      });
      const categories = await api('/api/categories').then(
        (r) => r.items,
        () => [],
      );
      classify = classificationForm({
        categories,
        onSave: (body) => act(() => api(`${base}/classification`, { method: 'PATCH', body }), 'Kategori dan prioritas disimpan.'),
      });
      const technicians = await loadTechnicians().catch(() => []);
      assign = assignForm({
        technicians,
        onAssign: async (body) => {
          await act(() => api(`${base}/assignments`, { method: 'POST', body }), 'Teknisi ditugaskan.');
          // Their open jobs changed.
          assign.setTechnicians(await loadTechnicians({ refresh: true }).catch(() => technicians));
        },
      });
      status = statusForm({ onChange: (body) => act(() => api(base, { method: 'PATCH', body }), 'Status diubah.') });
      message = messageForm({
        onSend: (body) => act(() => api(`${base}/messages`, { method: 'POST', body }), 'Pesan diantrekan untuk dikirim.'),
      });
    }
    const note = noteForm({ onNote: (body) => act(() => api(`${base}/events`, { method: 'POST', body }), 'Catatan ditambahkan.') });

    function show(d) {
      detail = d;
      const t = d.ticket;
      replace(badge, statusBadge(t.status), h('span', { class: 'age', text: ` ${t.age}` }));
      replace(facts, ticketFacts(d));
      replace(dues, dueFacts(d));
      complaint.textContent = t.complaint;
      gallery.update(d);
      replace(assignments, assignmentTable(d, desk ? withdraw : null));
      replace(history, timeline(d));
      replace(messages, messageLog(d));
      replace(sheet, jobSheet(d));
      assign?.update(
        t.status,
        t.assignees.map((a) => a.staffId),
      );
      status?.update(t.status);
      classify?.update(t);
      place?.update(t);
      banner.update(d);
      followers.update(d);
      merge?.update(d);
      message?.update(t.reporter.phone);
    }

    let lastBody = '';
    // A poll under way when an action is taken would answer with the ticket as it was before it.
    const loads = newestOnly();
    async function refresh() {
      const mine = loads.begin();
      try {
        const d = await api(base, { signal: mine.signal });
        if (!loads.isNewest(mine)) return;
        refreshError.hidden = true;
        const body = JSON.stringify(d);
        if (body !== lastBody) {
          lastBody = body;
          show(d);
        }
      } catch (err) {
        if (!loads.isNewest(mine)) return; // aborted or overtaken: the newer load reports
        refreshError.textContent = `Gagal memperbarui: ${describeError(err)}`;
        refreshError.hidden = false;
      }
    }

    title.append(badge);
    view.append(
      h('p', { class: 'no-print' }, h('a', { href: '#/monitoring', text: desk ? '‹ Kembali ke Monitoring' : '‹ Kembali ke Tugas Saya' })),
      h('div', { class: 'page-head' }, title, h('div', { class: 'toolbar no-print' }, button('Cetak lembar kerja', printJobSheet))),
      refreshError,
      banner.el,
      h(
        'div',
        { class: ['ticket-grid', !desk && 'field-view'] },
        h(
          'div',
          { class: 'ticket-main' },
          section('Keluhan', complaint, gallery.el, facts),
          section('Batas waktu (SLA)', dues),
          section('Teknisi', assignments),
          section('Pengikut dan tiket yang digabungkan', followers.el),
          section('Riwayat (#track)', history),
          h('div', { class: 'ticket-messages' }, section('Pesan WhatsApp', messages)),
        ),
        h('div', { class: 'ticket-side no-print' }, assign?.el, status?.el, classify?.el, place?.el, merge?.el, message?.el, note.el),
      ),
      sheet,
    );
    lastBody = JSON.stringify(detail);
    show(detail);
    const stop = poll(refresh);
    return () => {
      stop();
      loads.stop();
      gallery.dispose();
      endJobSheetPrint();
    };
  },
};
