/** Bulk import of employees and staff from a sheet: preview per row, then apply (issue 16 part 1). */
import { h } from '../dom.js';

export const peopleImportPage = {
  title: 'Impor Pegawai & Petugas',
  levels: ['Administrator'],
  render(view) {
    view.append(h('h1', { text: 'Impor Pegawai & Petugas' }));
  },
};
