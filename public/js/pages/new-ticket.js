/**
 * "Tiket Baru": a ticket the desk opens for a phone call, a walk-in or a letter (POST /api/tickets).
 * The reporter is chosen from the employee directory (GET /api/employees?q=) or typed in; with a
 * phone they get the WhatsApp confirmation, as after #request. On success the ticket's page opens.
 */
import { api, describeError, qs } from '../api.js';
import { busy, button, field, formError, h, replace, select, showError } from '../dom.js';
import { channelLabel, deskChannels } from '../format.js';
import { newestOnly } from '../newest.js';
import { toast } from '../notice.js';
import { go } from '../router.js';

/** What a rejected field of this form means, in the desk's words. */
const fieldText = {
  'reporter.employeeId': 'pegawai tidak ditemukan atau tidak aktif; pilih lagi dari daftar',
  'reporter.name': 'isi nama pelapor, atau pilih pegawai dari daftar',
  'reporter.phone': 'nomor telepon tidak valid (mis. 0812… atau 62812…); kosongkan bila tidak ada',
  'reporter.unit': 'unit terlalu panjang',
  complaint: 'isi keluhan (paling banyak 2000 karakter)',
  channel: 'pilih saluran',
  placeId: 'tempat tidak dikenal atau tidak aktif; pilih lagi',
};

function errorText(err) {
  const hint = fieldText[err?.details?.field];
  return err?.code === 'VALIDATION_FAILED' && hint ? `Data tidak valid: ${hint}.` : describeError(err);
}

/** The directory picker: search by name or phone, choose one; `chosen()` is the employee or null. */
function employeePicker() {
  const q = h('input', { type: 'search', name: 'employeeSearch', autocomplete: 'off', placeholder: 'Nama atau nomor telepon…' });
  const results = h('ul', { class: 'picker-results', 'aria-label': 'Hasil pencarian pegawai' });
  const picked = h('div', { class: 'picker-chosen', hidden: true });
  const loads = newestOnly();
  let chosen = null;
  let timer = null;

  const choose = (e) => {
    chosen = e;
    q.value = '';
    replace(results);
    picked.hidden = !e;
    if (!e) return q.focus();
    const where = [e.department, e.unit].filter(Boolean).join('/');
    replace(
      picked,
      h('span', { text: `${e.name} (${e.id}) · ${e.phone}${where ? ` · ${where}` : ''}` }),
      button('Ganti', () => choose(null), { small: true, label: 'Ganti pegawai' }),
    );
  };

  async function search() {
    const text = q.value.trim();
    const mine = loads.begin();
    if (text.length < 2) return replace(results);
    try {
      const { items } = await api(`/api/employees${qs({ q: text, status: 'active', pageSize: 8 })}`, { signal: mine.signal });
      if (!loads.isNewest(mine)) return;
      replace(
        results,
        items.length
          ? items.map((e) =>
              h(
                'li',
                {},
                button(`${e.name} (${e.id}) · ${e.phone}`, () => choose(e), { small: true, label: `Pilih ${e.name}` }),
              ),
            )
          : h('li', { class: 'muted', text: 'Tidak ada pegawai yang cocok.' }),
      );
    } catch (err) {
      if (loads.isNewest(mine)) replace(results, h('li', { class: 'form-error', text: describeError(err) }));
    }
  }
  q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });

  return {
    el: h('div', {}, field('Cari pegawai', q, 'Ketik minimal 2 huruf atau angka.'), results, picked),
    chosen: () => chosen,
    dispose: () => {
      clearTimeout(timer);
      loads.stop();
    },
  };
}

export const newTicketPage = {
  title: 'Tiket Baru',
  levels: ['Administrator', 'Staf'],
  render(view) {
    const channel = select(
      { name: 'channel', required: true },
      deskChannels.map((c) => [c, channelLabel[c]]),
      'telepon',
    );
    const picker = employeePicker();
    const name = h('input', { name: 'name', autocomplete: 'off', maxLength: 100 });
    const phone = h('input', { name: 'phone', type: 'tel', inputMode: 'tel', autocomplete: 'off', maxLength: 32 });
    const unit = h('input', { name: 'unit', autocomplete: 'off', maxLength: 200 });
    const typed = h(
      'div',
      { class: 'typed-reporter', hidden: true },
      field('Nama pelapor', name),
      field('Nomor WhatsApp (opsional)', phone, 'Tanpa nomor, pelapor tidak menerima pesan WhatsApp apa pun.'),
      field('Unit / bagian', unit),
    );
    const mode = (value, label, checked) =>
      h('label', { class: 'check' }, h('input', { type: 'radio', name: 'reporterMode', value, checked }), label);
    const modes = h(
      'fieldset',
      {},
      h('legend', { text: 'Pelapor' }),
      mode('directory', 'Dari data pegawai', true),
      mode('typed', 'Ketik manual'),
    );
    modes.addEventListener('change', () => {
      const isTyped = modes.querySelector('input:checked').value === 'typed';
      typed.hidden = !isTyped;
      picker.el.hidden = isTyped;
      name.required = isTyped;
    });
    const complaint = h('textarea', { name: 'complaint', rows: 4, required: true, maxLength: 2000 });
    // Empty: the complaint's words decide, as for #request. The list loads after the form shows.
    const place = select({ name: 'placeId' }, [['', '— Kenali dari isi keluhan —']], '');
    api(`/api/places${qs({ active: true })}`).then(
      ({ items }) => place.append(...items.map((p) => h('option', { value: String(p.id), text: `${p.path} (${p.code})` }))),
      () => {},
    );
    const error = formError();
    const submit = h('button', { type: 'submit', class: 'primary', text: 'Buat tiket' });

    const form = h(
      'form',
      { class: 'card desk-ticket-form', 'aria-label': 'Tiket baru' },
      field('Saluran', channel),
      modes,
      picker.el,
      typed,
      field('Keluhan', complaint),
      field('Tempat', place, 'Gedung, lantai atau ruang; bila dikosongkan, dikenali dari isi keluhan.'),
      error,
      h('div', { class: 'actions' }, submit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const employee = picker.chosen();
      if (!typed.hidden || employee) {
        void busy(submit, async () => {
          const reporter = typed.hidden
            ? { employeeId: employee.id }
            : { name: name.value.trim(), phone: phone.value.trim(), unit: unit.value.trim() };
          try {
            const ticket = await api('/api/tickets', {
              method: 'POST',
              body: {
                reporter,
                complaint: complaint.value.trim(),
                channel: channel.value,
                ...(place.value ? { placeId: Number(place.value) } : {}),
              },
            });
            toast(`Tiket ${ticket.trackingNo} dibuat.`);
            go(`/tiket/${ticket.trackingNo}`);
          } catch (err) {
            showError(error, errorText(err));
          }
        });
      } else showError(error, 'Pilih pegawai dari daftar, atau pilih "Ketik manual".');
    });

    view.append(
      h('div', { class: 'page-head' }, h('h1', { text: 'Tiket Baru' })),
      h('p', { class: 'muted', text: 'Laporan yang diterima lewat telepon, datang langsung, atau surat/email.' }),
      form,
    );
    return () => picker.dispose();
  },
};
