/** "Kalender & SLA": holidays and the SLA targets per category and priority (filled in with the clocks). */
import { h } from '../dom.js';

export const calendarPage = {
  title: 'Kalender & SLA',
  levels: ['Administrator'],
  render(view) {
    view.append(h('h1', { text: 'Kalender & SLA' }));
  },
};
