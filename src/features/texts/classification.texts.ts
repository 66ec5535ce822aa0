import type { TicketPriority } from '../../db/database';

/** The Indonesian texts of the desk's change of a ticket's category and priority. */

export const priorityLabel: Record<TicketPriority, string> = {
  rendah: 'Rendah',
  normal: 'Normal',
  tinggi: 'Tinggi',
  darurat: 'Darurat',
};

/** The history entry: only what changed ("Kategori diubah menjadi Listrik; Prioritas: Darurat."). */
export function classificationNote(change: { category?: string | null; priority?: TicketPriority }): string {
  const parts: string[] = [];
  if (change.category !== undefined)
    parts.push(change.category === null ? 'Kategori dihapus' : `Kategori diubah menjadi ${change.category}`);
  if (change.priority !== undefined) parts.push(`Prioritas: ${priorityLabel[change.priority]}`);
  return `${parts.join('; ')}.`;
}
