/** "Menampilkan 1–20 dari 57", previous/next and rows per page, for any { items, total, page, pageSize } list. */
import { h, select } from './dom.js';
import { fmtNumber } from './format.js';

/**
 * A pager bound to `onChange({ page, pageSize })`. Call `update(pageAnswer)` after each load.
 */
export function pager({ label, onChange, sizes = [10, 20, 50, 100] }) {
  const info = h('span', { class: 'pager-info', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'secondary', text: '‹ Sebelumnya' });
  const next = h('button', { type: 'button', class: 'secondary', text: 'Berikutnya ›' });
  const size = select({ 'aria-label': 'Baris per halaman' }, sizes.map((s) => [String(s), `${s} / halaman`]), '20');
  let state = { page: 1, pageSize: 20, total: 0 };
  prev.addEventListener('click', () => onChange({ page: state.page - 1, pageSize: state.pageSize }));
  next.addEventListener('click', () => onChange({ page: state.page + 1, pageSize: state.pageSize }));
  size.addEventListener('change', () => onChange({ page: 1, pageSize: Number(size.value) }));
  const el = h('nav', { class: 'pager', 'aria-label': label }, info, h('span', { class: 'pager-buttons' }, prev, next, size));
  return {
    el,
    update({ total, page, pageSize }) {
      state = { total, page, pageSize };
      const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
      const last = Math.min(total, page * pageSize);
      info.textContent = total === 0 ? 'Tidak ada data' : `Menampilkan ${fmtNumber(first)}–${fmtNumber(last)} dari ${fmtNumber(total)}`;
      prev.disabled = page <= 1;
      next.disabled = last >= total;
      if (!sizes.includes(pageSize)) size.append(h('option', { value: String(pageSize), text: `${pageSize} / halaman` }));
      size.value = String(pageSize);
    },
  };
}

/** The loading indicator shown while a page of rows is fetched. */
export function loadingBar(text = 'Memuat…') {
  return h('div', { class: 'loading', role: 'status', hidden: true }, h('progress', { 'aria-label': text }), h('span', { text }));
}
