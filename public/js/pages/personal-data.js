/**
 * "Data Pribadi": everything held about one person, found by phone or employee id — the counts,
 * "Unduh semua data (ZIP)" and "Hapus data orang ini" (confirmed by typing the phone or id again);
 * and the retention rules in force with what their next run would change and the last runs.
 */
import { api, apiBlob, describeError, qs, saveBlob } from '../api.js';
import { button, field, h, replace, select, showError, formError } from '../dom.js';
import { eraseDialog } from '../erase-dialog.js';
import { fmtNumber } from '../format.js';
import { toast } from '../notice.js';
import { retentionPanel } from '../retention-panel.js';

const countLabels = [
  ['ticketsAsReporter', 'Tiket yang dilaporkan'],
  ['ticketsAsFollower', 'Tiket yang diikuti'],
  ['duplicateOffers', 'Laporan tertahan (#ikut/#baru)'],
  ['inboundMessages', 'Pesan masuk'],
  ['outboundMessages', 'Pesan keluar'],
  ['ratings', 'Penilaian'],
  ['photos', 'Foto dan berkas'],
  ['conversations', 'Kotak masuk'],
  ['drafts', 'Draf laporan'],
  ['employeeEntries', 'Data pegawai'],
  ['staffEntries', 'Akun petugas'],
];

function summaryView(s, asked, refresh) {
  const who = s.employee ? `${s.employee.name} (${s.employee.id})` : s.person.phone ? `nomor ${s.person.phone}` : 'orang ini';
  const total = Object.values(s.counts).reduce((a, b) => a + b, 0);
  const download = button('Unduh semua data (ZIP)', async () => {
    try {
      const { blob, filename } = await apiBlob(`/api/personal-data/export${qs(asked)}`);
      saveBlob(blob, filename ?? 'data-pribadi.zip');
      toast('Berkas ZIP diunduh.');
    } catch (err) {
      toast(`Gagal mengunduh: ${describeError(err)}`);
    }
  });
  const erase = button(
    'Hapus data orang ini',
    async () => {
      const done = await eraseDialog({ ...asked, phone: asked.phone ?? s.person.phone, label: who }, (confirm) =>
        api('/api/personal-data/erase', { method: 'POST', body: { ...asked, confirm } }),
      );
      if (done) {
        toast(`Data dihapus. Nomor referensi audit: ${done.reference.slice(0, 8)}.`);
        // An employee id is gone with the entry: show what is left under the phone.
        await refresh(s.person.phone ? { phone: s.person.phone } : asked);
      }
    },
    { kind: 'danger' },
  );
  erase.disabled = total === 0;
  return h(
    'section',
    { class: 'card', 'aria-label': 'Ringkasan data' },
    h('h2', { text: `Data tentang ${who}` }),
    s.person.phone ? h('p', { text: `Nomor WhatsApp: ${s.person.phone}` }) : null,
    s.staff.length
      ? h('p', {
          text: `Akun petugas: ${s.staff.map((st) => `${st.name} (${st.id}, ${st.status === 'active' ? 'aktif' : 'tidak aktif'})`).join(', ')}`,
        })
      : null,
    h(
      'table',
      { class: 'data compact held-counts' },
      h('caption', { text: 'Yang tersimpan' }),
      h(
        'tbody',
        {},
        countLabels.map(([key, label]) =>
          h('tr', { dataset: { count: key } }, h('th', { scope: 'row', text: label }), h('td', { text: fmtNumber(s.counts[key]) })),
        ),
      ),
    ),
    total === 0 ? h('p', { class: 'muted', role: 'status', text: 'Tidak ada data yang tersimpan tentang orang ini.' }) : null,
    h('div', { class: 'actions' }, download, erase),
  );
}

export const personalDataPage = {
  title: 'Data Pribadi',
  levels: ['Administrator'],
  async render(view) {
    const kind = select(
      { name: 'kind' },
      [
        ['phone', 'Nomor telepon'],
        ['employeeId', 'ID pegawai'],
      ],
      'phone',
    );
    const value = h('input', { name: 'value', required: true, autocomplete: 'off', placeholder: '0812… atau PGW…' });
    const error = formError();
    const result = h('div', { class: 'personal-data-result' });
    const retention = h('div');
    let asked = null;
    const load = async (next) => {
      if (next) asked = next;
      if (!asked) return;
      replace(result, h('p', { class: 'muted', text: 'Memuat…' }));
      try {
        const s = await api(`/api/personal-data${qs(asked)}`);
        replace(result, summaryView(s, asked, load));
      } catch (err) {
        replace(result);
        showError(error, describeError(err));
      }
    };
    const form = h(
      'form',
      { class: 'filters', 'aria-label': 'Cari orang' },
      h(
        'div',
        { class: 'filter-row filter-row-flex' },
        field('Cari menurut', kind),
        field('Nomor atau ID', value),
        h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'primary', text: 'Cari' })),
      ),
      error,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      showError(error, '');
      asked = { [kind.value]: value.value.trim() };
      void load();
    });
    view.append(
      h('h1', { text: 'Data Pribadi' }),
      h('p', {
        class: 'muted',
        text: 'Permintaan data pribadi (UU 27/2022): cari orangnya, unduh semua datanya, atau hapus datanya. Setiap unduhan dan penghapusan dicatat di audit tanpa data pribadi.',
      }),
      form,
      result,
      retention,
    );
    try {
      replace(retention, await retentionPanel());
    } catch (err) {
      replace(retention, h('p', { class: 'form-error', role: 'alert', text: describeError(err) }));
    }
  },
};
