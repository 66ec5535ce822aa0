/**
 * "QR Ruangan": a printable sheet of room QR codes, one A6 card per room and four to an A4 page
 * (print.css). `#/tempat/qr?building=<id>` takes a building's active rooms, `?rooms=1,2` the rooms named;
 * without either the page offers a building picker. Each code opens WhatsApp to the campus number
 * with "#request [R-3.2] " already typed.
 */
import { api, apiBlob, describeError, qs, saveBlob } from '../api.js';
import { button, h } from '../dom.js';
import { loadingBar } from '../pager.js';
import { toast } from '../notice.js';
import { go } from '../router.js';

const CARDS_PER_PAGE = 4;

/** The SVG as an image source: the markup never enters the document as HTML. */
const svgSource = (svg) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/*
 * print.css is loaded for print only, so the few screen rules live here as inline styles;
 * the print rules override them with !important to lay out the A6 cards.
 */
const screen = {
  page: { display: 'flex', flexWrap: 'wrap', gap: '1rem', marginBottom: '1rem' },
  card: {
    width: '16rem',
    padding: '1rem',
    border: '1px dashed #94a3b8',
    borderRadius: '0.5rem',
    background: '#fff',
    textAlign: 'center',
  },
};
const styled = (el, style) => (Object.assign(el.style, style), el);

/** A sticker printed elsewhere (a label printer, a poster) needs the code as a picture file. */
async function downloadPng(c) {
  try {
    const { blob } = await apiBlob(`/api/places/${c.id}/qr.png`);
    saveBlob(blob, `qr-${c.code}.png`);
  } catch (err) {
    toast(describeError(err), 'bad');
  }
}

function card(c) {
  return styled(
    h(
      'article',
      { class: 'qr-card', dataset: { code: c.code } },
      h('h2', { class: 'qr-name', text: c.name }),
      h('p', { class: 'qr-code', text: c.code }),
      h('p', { class: 'qr-path muted', text: c.path || '—' }),
      h('img', { class: 'qr-image', src: svgSource(c.svg), alt: `Kode QR ${c.code}`, width: 240, height: 240 }),
      h('p', { class: 'qr-hint', text: 'Scan untuk lapor kerusakan di ruangan ini' }),
      h(
        'div',
        { class: 'no-print' },
        button('Unduh PNG', () => downloadPng(c), { small: true, label: `Unduh PNG ${c.code}` }),
      ),
    ),
    screen.card,
  );
}

/** Cards in groups of four: each group is one printed A4 page. */
function pages(cards) {
  const out = [];
  for (let i = 0; i < cards.length; i += CARDS_PER_PAGE) {
    out.push(styled(h('div', { class: 'qr-page' }, cards.slice(i, i + CARDS_PER_PAGE).map(card)), screen.page));
  }
  return out;
}

const noNumberText =
  'Nomor WhatsApp kampus belum diatur. Isi FONNTE_DEVICE (mis. 6281234567890) pada konfigurasi server, lalu muat ulang halaman ini.';

export const placeQrPage = {
  title: 'QR Ruangan',
  levels: ['Administrator', 'Staf'],
  async render(view, { params }) {
    const building = params.get('building') ?? '';
    const rooms = params.get('rooms') ?? '';
    const loading = loadingBar('Memuat kode QR…');
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const info = h('p', { class: 'muted no-print' });
    const sheet = h('div', { class: 'qr-sheet' });
    const picker = h(
      'select',
      { id: 'qr-building', 'aria-label': 'Gedung', on: { change: () => picker.value && go('/tempat/qr', { building: picker.value }) } },
      h('option', { value: '', text: 'Pilih gedung…' }),
    );
    const print = button('Cetak', () => window.print(), { kind: 'primary' });
    print.disabled = true;
    view.append(
      h('div', { class: 'page-head no-print' }, h('h1', { text: 'QR Ruangan' }), h('div', { class: 'toolbar' }, picker, print)),
      h('p', {
        class: 'muted no-print',
        text: 'Satu kartu A6 per ruangan, empat kartu per lembar A4. Tempel di pintu: pelapor memindai lalu mengirim pesan WhatsApp yang sudah terisi kode ruangan.',
      }),
      loading,
      error,
      info,
      sheet,
    );

    const showError = (err) => {
      error.textContent = err?.details?.reason === 'NO_DEVICE_NUMBER' ? noNumberText : describeError(err);
      error.hidden = false;
    };

    loading.hidden = false;
    try {
      const { items } = await api(`/api/places${qs({ kind: 'building', active: 'true' })}`);
      picker.append(...items.map((b) => h('option', { value: String(b.id), text: `${b.name} (${b.code})` })));
      picker.value = building;
      if (!building && !rooms) {
        info.textContent = items.length
          ? 'Pilih gedung untuk mencetak kode QR semua ruangannya.'
          : 'Belum ada gedung. Tambahkan di menu Tempat.';
        return;
      }
      const { cards } = await api(`/api/places/qr-sheet${qs(rooms ? { rooms } : { building })}`);
      info.textContent = cards.length ? `${cards.length} ruangan.` : 'Tidak ada ruangan aktif di gedung ini.';
      sheet.replaceChildren(...pages(cards));
      print.disabled = cards.length === 0;
    } catch (err) {
      showError(err);
    } finally {
      loading.hidden = true;
    }
  },
};
