/** The Indonesian texts about places: what the desk reads by WhatsApp when a fault keeps coming back. */

/** A place × category reached REPEAT_FAULT_THRESHOLD tickets within REPEAT_FAULT_DAYS days. */
export const repeatFaultToDesk = (f: {
  placePath: string;
  placeCode: string;
  categoryName: string;
  count: number;
  days: number;
  trackingNos: readonly string[];
}) =>
  [
    `*Kerusakan berulang: ${f.placePath} (${f.placeCode})*`,
    `Kategori: ${f.categoryName}`,
    `${f.count} laporan dalam ${f.days} hari terakhir: ${f.trackingNos.join(', ')}`,
    'Mohon pertimbangkan perbaikan menyeluruh dalam rencana pemeliharaan.',
  ].join('\n');
