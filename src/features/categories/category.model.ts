import type { TicketPriority } from '../../db/database';

export type { TicketPriority };

/** What a fault is about: the words that recognise it, how urgent it is by default, who hears of a breach. */
export interface Category {
  id: number;
  code: string;
  name: string;
  /** Words and phrases, as the administrator wrote them; the classifier normalises. */
  keywords: string[];
  defaultPriority: TicketPriority;
  /** Told when a ticket of this category is late: a phone (62…) or a group id; null for nobody. */
  supervisorTarget: string | null;
  active: boolean;
  sortOrder: number;
  createdAt: number;
  updatedAt: number;
}

export const PRIORITIES = ['rendah', 'normal', 'tinggi', 'darurat'] as const satisfies readonly TicketPriority[];
