/** "Data Admin / Petugas": staff and technicians with their sign-in accounts (Administrator only). */
import { api, describeError } from '../api.js';
import { confirmDialog } from '../dialogs.js';
import { button, h } from '../dom.js';
import { fmtDateTime, levelLabel } from '../format.js';
import { toast } from '../notice.js';
import { peopleList } from '../people-list.js';

/**
 * A new one-time set-password link for someone who forgot theirs or never had one (imported staff):
 * shown once, in a dialog with a copy button; their older unused link stops working.
 */
async function newPasswordLink(r) {
  if (
    !(await confirmDialog(
      `Buat tautan atur kata sandi baru untuk ${r.name}? Tautan lama yang belum dipakai tidak berlaku lagi.`,
      'Buat tautan',
    ))
  )
    return;
  let link;
  try {
    link = await api(`/api/staff/${encodeURIComponent(r.id)}/set-password-link`, { method: 'POST' });
  } catch (err) {
    return toast(describeError(err), 'bad');
  }
  const url = h('input', { type: 'text', readOnly: true, value: link.url, 'aria-label': `Tautan ${r.username}`, class: 'link-url' });
  const dialog = h(
    'dialog',
    { class: 'modal', 'aria-label': 'Tautan atur kata sandi' },
    h('h3', { text: `Tautan atur kata sandi — ${r.name}` }),
    h('p', { text: `Berikan kepada ${r.name}. Hanya ditampilkan sekarang, sekali pakai, berlaku sampai ${fmtDateTime(link.expiresAt)}.` }),
    url,
    h(
      'div',
      { class: 'actions' },
      button('Salin', async () => {
        url.select();
        try {
          await navigator.clipboard.writeText(link.url);
          toast('Tautan disalin.');
        } catch {
          toast('Tidak dapat menyalin otomatis; salin dari kotak tautan.', 'bad');
        }
      }),
      button('Tutup', () => dialog.close(), { kind: 'secondary' }),
    ),
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

const levels = [
  ['Administrator', 'Administrator'],
  ['Staf', 'Staf'],
  ['TBO', 'Teknisi (TBO)'],
];

export const staffPage = {
  title: 'Data Petugas',
  levels: ['Administrator'],
  render(view) {
    return peopleList(view, {
      heading: 'Data Admin / Petugas',
      endpoint: '/api/staff',
      noun: 'petugas',
      extraFilters: [{ name: 'level', label: 'Level', options: [['', 'Semua level'], ...levels] }],
      rowActions: (r) =>
        r.status === 'active'
          ? [button('Tautan sandi', () => void newPasswordLink(r), { small: true, label: `Tautan sandi ${r.name}` })]
          : [],
      columns: [
        ['ID', (r) => r.id],
        ['Nama', (r) => r.name],
        ['Telepon', (r) => r.phone ?? '—'],
        ['Level', (r) => levelLabel[r.level] ?? r.level],
        ['Nama pengguna', (r) => r.username],
        ['Keterangan', (r) => r.description ?? '—'],
        ['Masuk terakhir', (r) => fmtDateTime(r.lastLoginAt)],
      ],
      fields: [
        { name: 'id', label: 'ID petugas', help: 'Kosongkan agar dibuat otomatis (ADM…).', edit: false },
        { name: 'name', label: 'Nama', required: true, autocomplete: 'name' },
        { name: 'level', label: 'Level', type: 'select', options: levels, required: true },
        {
          name: 'username',
          label: 'Nama pengguna',
          required: true,
          help: '3–64 huruf kecil, angka, titik, garis bawah atau tanda hubung.',
        },
        {
          name: 'password',
          label: 'Kata sandi',
          type: 'password',
          required: true,
          autocomplete: 'new-password',
          help: 'Minimal 10 karakter. Saat mengubah: kosongkan agar tidak berubah.',
        },
        { name: 'phone', label: 'Nomor WhatsApp', type: 'tel', help: 'Teknisi menerima tugas di nomor ini.', inputMode: 'tel' },
        { name: 'email', label: 'Email', type: 'email' },
        { name: 'description', label: 'Keterangan', help: 'Mis. Teknisi IT' },
        { name: 'notes', label: 'Catatan', type: 'textarea' },
        {
          name: 'status',
          label: 'Status',
          type: 'select',
          options: [
            ['active', 'Aktif'],
            ['inactive', 'Tidak aktif'],
          ],
          create: false,
        },
      ],
    });
  },
};
