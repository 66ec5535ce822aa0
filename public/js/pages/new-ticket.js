/** "Tiket Baru": a ticket the desk opens for a phone call, a walk-in or a letter (filled in with the form). */
import { h } from '../dom.js';

export const newTicketPage = {
  title: 'Tiket Baru',
  levels: ['Administrator', 'Staf'],
  render(view) {
    view.append(h('h1', { text: 'Tiket Baru' }));
  },
};
