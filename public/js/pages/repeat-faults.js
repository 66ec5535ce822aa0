/** "Kerusakan Berulang": places by fault count (filled in with the repeat-fault signal). */
import { h } from '../dom.js';

export const repeatFaultsPage = {
  title: 'Kerusakan Berulang',
  levels: ['Administrator', 'Staf'],
  render(view) {
    view.append(h('h1', { text: 'Kerusakan Berulang' }));
  },
};
