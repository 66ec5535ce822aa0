/** "Data Pegawai": the employees who report by WhatsApp (Administrator and Staf). */
import { peopleList } from '../people-list.js';

export const employeesPage = {
  title: 'Data Pegawai',
  levels: ['Administrator', 'Staf'],
  render(view) {
    return peopleList(view, {
      heading: 'Data Pegawai',
      endpoint: '/api/employees',
      noun: 'pegawai',
      columns: [
        ['ID', (r) => r.id],
        ['Nama', (r) => r.name],
        ['Telepon', (r) => r.phone],
        ['Bagian / Unit', (r) => [r.department, r.unit].filter(Boolean).join(' / ') || '—'],
        ['Email', (r) => r.email ?? '—'],
      ],
      fields: [
        { name: 'id', label: 'ID pegawai', help: 'Kosongkan agar dibuat otomatis (PGW…).', edit: false },
        { name: 'name', label: 'Nama', required: true, autocomplete: 'name' },
        { name: 'phone', label: 'Nomor WhatsApp', type: 'tel', required: true, help: 'Mis. 0812… atau 62812…', inputMode: 'tel' },
        { name: 'email', label: 'Email', type: 'email' },
        { name: 'department', label: 'Jurusan / Bagian' },
        { name: 'unit', label: 'Unit' },
        { name: 'notes', label: 'Keterangan', type: 'textarea' },
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
