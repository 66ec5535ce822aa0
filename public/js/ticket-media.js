/**
 * Photos and documents of a ticket. GET /api/media/:id needs the session, and a file that is missing or
 * refused must say so in Indonesian, so it is fetched as a blob and shown through an object URL (the CSP
 * allows blob: images).
 * The ticket detail lists files in `media` ([{ id, status, contentType, … }]) when the API provides it.
 */
import { apiBlob } from './api.js';
import { h } from './dom.js';

const pendingText = { pending: 'menunggu diunduh', downloading: 'sedang diunduh', failed: 'gagal diunduh' };

/** A gallery that keeps its object URLs across refreshes; call dispose() when leaving the page. */
export function mediaGallery() {
  const el = h('div', { class: 'gallery' });
  const urls = new Map();
  const figures = new Map();

  function figureFor(m) {
    const caption = h('figcaption', { text: m.ticketEventId ? 'Foto bukti teknisi' : 'Foto dari pelapor' });
    const fig = h(
      'figure',
      { class: 'photo', dataset: { mediaId: String(m.id) } },
      h('span', { class: 'muted', text: 'Memuat foto…' }),
      caption,
    );
    apiBlob(`/api/media/${m.id}`)
      .then(({ blob, type }) => {
        const url = URL.createObjectURL(blob);
        urls.set(m.id, url);
        const content = type.startsWith('image/')
          ? h('a', { href: url, target: '_blank', rel: 'noopener' }, h('img', { src: url, alt: caption.textContent, loading: 'lazy' }))
          : h('a', { href: url, download: `lampiran-${m.id}.pdf`, text: 'Unduh dokumen' });
        fig.firstChild.replaceWith(content);
      })
      .catch(() => fig.firstChild.replaceWith(h('span', { class: 'muted', text: 'Foto tidak dapat dimuat.' })));
    return fig;
  }

  return {
    el,
    /** Shows the files of `detail`; files already shown are kept as they are. */
    update(detail) {
      const media = Array.isArray(detail.media) ? detail.media : [];
      const nodes = [];
      for (const m of media) {
        if (m.status !== 'stored') {
          nodes.push(h('p', { class: 'muted photo-pending', text: `Lampiran ${pendingText[m.status] ?? m.status}.` }));
          continue;
        }
        if (!figures.has(m.id)) figures.set(m.id, figureFor(m));
        nodes.push(figures.get(m.id));
      }
      if (!media.length) {
        // Without a media list, say that the reporter did send something.
        const sent = detail.inboundMessages.filter((m) => m.media);
        if (sent.length)
          nodes.push(h('p', { class: 'muted', text: `${sent.length} lampiran dikirim lewat WhatsApp (belum dapat ditampilkan di sini).` }));
      }
      el.replaceChildren(...nodes);
      el.hidden = !nodes.length;
    },
    dispose() {
      for (const url of urls.values()) URL.revokeObjectURL(url);
      urls.clear();
    },
  };
}
