/** "Kategori": categories of faults, their words, default priority and supervisor (filled in with the categories). */
import { h } from '../dom.js';

export const categoriesPage = {
  title: 'Kategori',
  levels: ['Administrator'],
  render(view) {
    view.append(h('h1', { text: 'Kategori' }));
  },
};
