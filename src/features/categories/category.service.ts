import type { Executor } from '../../db/create-db';
import { classifyComplaint, type Classification } from './classify-complaint';
import { listCategoryRules } from './category.repository';

/**
 * The category and priority a new ticket gets from its complaint: reads the active categories
 * (one query on a table of a few rows) and classifies. Null category when no keyword matched.
 */
export async function classifyNewTicket(ex: Executor, complaint: string): Promise<Classification> {
  return classifyComplaint(complaint, await listCategoryRules(ex));
}
