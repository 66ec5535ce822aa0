/** "Data Admin / Petugas": staff and technicians with their sign-in accounts (Administrator only). */
import { fmtDateTime, levelLabel } from '../format.js';
import { peopleList } from '../people-list.js';

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
