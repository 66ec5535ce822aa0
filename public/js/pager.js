/** "Menampilkan 1–20 dari 57" (or "dari 10.000+"), previous/next and rows per page, for any { items, total, page, pageSize } list. */
import { h, select } from './dom.js';
import { fmtNumber } from './format.js';

/**
 * A pager bound to `onChange({ page, pageSize })`. Call `update(pageAnswer)` after each load.
 */
export function pager({ label, onChange, sizes = [10, 20, 50, 100] }) {
  const info = h('span', { class: 'pager-info', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'secondary', text: '‹ Sebelumnya' });
  const next = h('button', { type: 'button', class: 'secondary', text: 'Berikutnya ›' });
  const size = select(
    { 'aria-label': 'Baris per halaman' },
    sizes.map((s) => [String(s), `${s} / halaman`]),
    '20',
  );
  let state = { page: 1, pageSize: 20, total: 0 };
  prev.addEventListener('click', () => onChange({ page: state.page - 1, pageSize: state.pageSize }));
  next.addEventListener('click', () => onChange({ page: state.page + 1, pageSize: state.pageSize }));
  size.addEventListener('change', () => onChange({ page: 1, pageSize: Number(size.value) }));
  const el = h('nav', { class: 'pager', 'aria-label': label }, info, h('span', { class: 'pager-buttons' }, prev, next, size));
  return {
    el,
    update({ items, total, totalIsLowerBound, page, pageSize }) {
      state = { total, page, pageSize };
      // Past 10.000 matches the API stops counting (totalIsLowerBound): the page's own rows tell where it ends.
      const shown = Array.isArray(items) ? items.length : Math.max(0, Math.min(pageSize, total - (page - 1) * pageSize));
      const first = shown === 0 ? 0 : (page - 1) * pageSize + 1;
      const last = (page - 1) * pageSize + shown;
      const of = totalIsLowerBound ? `${fmtNumber(total)}+` : fmtNumber(total);
      info.textContent =
        shown === 0 && !totalIsLowerBound ? 'Tidak ada data' : `Menampilkan ${fmtNumber(first)}–${fmtNumber(last)} dari ${of}`;
      prev.disabled = page <= 1;
      next.disabled = totalIsLowerBound ? shown < pageSize : last >= total;
      if (!sizes.includes(pageSize)) size.append(h('option', { value: String(pageSize), text: `${pageSize} / halaman` }));
      size.value = String(pageSize);
    },
  };
}

/** The loading indicator shown while a page of rows is fetched. */
export function loadingBar(text = 'Memuat…') {
  return h('div', { class: 'loading', role: 'status', hidden: true }, h('progress', { 'aria-label': text }), h('span', { text }));
}
