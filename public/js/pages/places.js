/** "Tempat": buildings, floors and rooms (filled in with the places). */
import { h } from '../dom.js';

export const placesPage = {
  title: 'Tempat',
  levels: ['Administrator', 'Staf'],
  render(view) {
    view.append(h('h1', { text: 'Tempat' }));
  },
};
