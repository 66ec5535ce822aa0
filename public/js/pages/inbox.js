/** "Kotak Masuk": conversations with messages nobody has acted on (filled in with the inbox). */
import { h } from '../dom.js';

export const inboxPage = {
  title: 'Kotak Masuk',
  levels: ['Administrator', 'Staf'],
  render(view) {
    view.append(h('h1', { text: 'Kotak Masuk' }));
  },
};
