/**
 * The active technicians (TBO) to choose from in the filters, the assignment form and the
 * simulator: GET /api/technicians (Administrator and Staf), cached per signed-in user.
 */
import { api } from './api.js';
import { session } from './session.js';

let cache = null;

/** `[{ id, name, phone, openJobs }]`, by name. */
export async function loadTechnicians({ refresh = false } = {}) {
  const owner = session.user?.id;
  if (cache && cache.owner === owner && !refresh) return cache.items;
  const { items } = await api('/api/technicians');
  cache = { owner, items };
  return items;
}

/** "Siswanto (ADM04) · 2 tugas terbuka" */
export const technicianLabel = (t) => `${t.name} (${t.id})${t.openJobs ? ` · ${t.openJobs} tugas terbuka` : ''}`;
