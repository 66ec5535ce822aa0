/** The ticket page's forms: assign a technician, change the status, add a progress note, write to the reporter. */
import { busy, field, formError, h, select } from './dom.js';
import { allowedTransitions, statusLabel } from './format.js';
import { technicianLabel } from './technicians.js';

/** A form whose submit runs `action(form)` with the button busy; errors show inside the form. */
function actionForm(title, submitText, controls, action) {
  const error = formError();
  const submit = h('button', { type: 'submit', class: 'primary', text: submitText });
  const form = h(
    'form',
    { class: 'card action', 'aria-label': title },
    h('h3', { text: title }),
    controls,
    error,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(
      submit,
      async () => {
        await action();
        form.reset();
      },
      error,
    );
  });
  return { form, submit, error };
}

const technicianOptions = (list) => [['', '— Pilih teknisi —'], ...list.map((t) => [t.id, technicianLabel(t)])];

/**
 * "Penugasan / PJ": choose a technician (with their open jobs) and add a note for them. A
 * technician already actively on the ticket is not offered (the API would refuse them).
 */
export function assignForm({ technicians, onAssign }) {
  const input = select({ name: 'staffId', required: true }, technicianOptions(technicians));
  const note = h('textarea', { name: 'note', rows: 2, maxLength: 1000 });
  const blocked = h('p', {
    class: 'muted',
    hidden: true,
    text: 'Tiket yang sudah selesai atau ditutup tidak dapat ditugaskan. Buka kembali dengan mengubah status ke Proses.',
  });
  const { form, submit } = actionForm(
    'Penugasan / PJ',
    'Tugaskan',
    [field('Teknisi', input), field('Catatan untuk teknisi (opsional)', note), blocked],
    () => onAssign({ staffId: input.value, note: note.value.trim() || undefined }),
  );
  let all = technicians;
  let onTicket = new Set();
  function fill() {
    const chosen = onTicket.has(input.value) ? '' : input.value;
    const offered = all.filter((t) => !onTicket.has(t.id));
    input.replaceChildren(
      ...technicianOptions(offered).map(([value, label]) => h('option', { value, text: label, selected: value === chosen })),
    );
  }
  return {
    el: form,
    /** The ticket's status and the staff ids of the technicians actively on it. */
    update(status, assignedIds = []) {
      const closed = status === 'selesai' || status === 'ditutup';
      blocked.hidden = !closed;
      submit.disabled = closed;
      const next = new Set(assignedIds);
      if (next.size !== onTicket.size || [...next].some((id) => !onTicket.has(id))) {
        onTicket = next;
        fill();
      }
    },
    /** Shows the technicians' open jobs as they are now. */
    setTechnicians(list) {
      all = list;
      fill();
    },
  };
}

/** Status change with the allowed transitions of the current status only. */
export function statusForm({ onChange }) {
  const to = h('select', { name: 'status', required: true });
  const note = h('textarea', { name: 'note', rows: 2, maxLength: 1000 });
  const { form } = actionForm(
    'Ubah status',
    'Ubah status',
    [field('Status baru', to), field('Catatan untuk pelapor (opsional)', note)],
    () => onChange({ status: to.value, note: note.value.trim() || undefined }),
  );
  let current = null;
  return {
    el: form,
    update(status) {
      if (status === current) return;
      current = status;
      const options = [['', '— Pilih status —'], ...allowedTransitions[status].map((s) => [s, statusLabel[s]])];
      to.replaceChildren(...options.map(([value, label]) => h('option', { value, text: label })));
    },
  };
}

/** "Laporan progress": a note into the history, sent to the reporter by WhatsApp. */
export function noteForm({ onNote }) {
  const note = h('textarea', { name: 'note', rows: 3, required: true, maxLength: 2000 });
  const { form } = actionForm('Catatan progres', 'Tambah catatan', [field('Catatan (dikirim ke pelapor lewat WhatsApp)', note)], () =>
    onNote({ note: note.value.trim() }),
  );
  return { el: form };
}

/**
 * "Kirim pesan ke pelapor": a WhatsApp message to the reporter through the outbox; not a history
 * entry. Disabled with the reason when the ticket has no phone.
 */
export function messageForm({ onSend }) {
  const text = h('textarea', { name: 'text', rows: 3, required: true, maxLength: 2000 });
  const noPhone = h('p', { class: 'muted', hidden: true, text: 'Pelapor tidak punya nomor WhatsApp; pesan tidak dapat dikirim.' });
  const { form, submit } = actionForm(
    'Kirim pesan ke pelapor',
    'Kirim pesan',
    [field('Pesan (lewat WhatsApp, tidak masuk riwayat)', text), noPhone],
    () => onSend({ text: text.value.trim() }),
  );
  return {
    el: form,
    update(phone) {
      noPhone.hidden = !!phone;
      submit.disabled = !phone;
      text.disabled = !phone;
    },
  };
}
