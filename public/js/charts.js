/** Chart.js, loaded on first use from the npm package the server exposes at /vendor/chart.js/. */
let loading = null;

/** Resolves to window.Chart. */
export function loadChartJs() {
  if (window.Chart) return Promise.resolve(window.Chart);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/vendor/chart.js/chart.umd.js';
    script.onload = () => resolve(window.Chart);
    script.onerror = () => {
      loading = null;
      reject(new Error('Chart.js tidak dapat dimuat'));
    };
    document.head.append(script);
  });
  return loading;
}

export const statusColors = { baru: '#2563eb', proses: '#d97706', pending: '#7c3aed', selesai: '#059669', ditutup: '#64748b' };

/** Options shared by every chart: no animation (printing, screenshots), Indonesian number format. */
export function baseOptions(extra = {}) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    locale: 'id-ID',
    plugins: { legend: { position: 'bottom' } },
    ...extra,
  };
}
