/** "QR ruangan": printable QR sheets for rooms (filled in with the QR sheets). */
import { h } from '../dom.js';

export const placeQrPage = {
  title: 'QR Ruangan',
  levels: ['Administrator', 'Staf'],
  render(view) {
    view.append(h('h1', { text: 'QR Ruangan' }));
  },
};
