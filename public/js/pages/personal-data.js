/** Everything held about one person: export as a ZIP, erase with a confirmation; the retention rules' next run (issue 16 parts 3 and 4). */
import { h } from '../dom.js';

export const personalDataPage = {
  title: 'Data Pribadi',
  levels: ['Administrator'],
  render(view) {
    view.append(h('h1', { text: 'Data Pribadi' }));
  },
};
