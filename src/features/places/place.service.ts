import type { Executor } from '../../db/create-db';
import { isUniqueViolation } from '../../db/db-errors';
import type { Work } from '../../db/unit-of-work';
import { AppError, conflict, notFound } from '../../errors';
import { ALLOWED_PARENTS, type Place, type PlaceKind, type PlaceWithPath } from './place.model';
import { presentPlace } from './place.presenter';
import { findPlaceByCode, findPlaceById, insertPlace, listPlaces, updatePlaceRow } from './place.repository';
import { planImport, readImportRows } from './place-import';
import type { PlaceCreateInput, PlaceImportInput, PlaceImportReport, PlaceListFilter, PlaceUpdateInput } from './place.schema';

const SEPARATOR = ' › ';

/** Each place's path from its building down, by id (the tree is a few thousand rows, read once). */
function pathsOf(places: Place[]): Map<number, string> {
  const byId = new Map(places.map((p) => [p.id, p]));
  const paths = new Map<number, string>();
  const pathOf = (p: Place, depth: number): string => {
    const known = paths.get(p.id);
    if (known !== undefined) return known;
    const parent = p.parentId === null ? undefined : byId.get(p.parentId);
    // The hierarchy rules keep the tree three deep; the depth guard only stops a hand-edited loop.
    const path = parent && depth < 5 ? pathOf(parent, depth + 1) + SEPARATOR + p.name : p.name;
    paths.set(p.id, path);
    return path;
  };
  for (const p of places) pathOf(p, 0);
  return paths;
}

const withPaths = (places: Place[]): PlaceWithPath[] => {
  const paths = pathsOf(places);
  return places.map((p) => ({ ...p, path: paths.get(p.id)! }));
};

/** GET /places: the flat list with paths, filtered by kind, direct parent, text and active. */
export async function searchPlaces(ex: Executor, f: PlaceListFilter): Promise<PlaceWithPath[]> {
  const q = f.q?.toLowerCase();
  return withPaths(await listPlaces(ex)).filter(
    (p) =>
      (f.kind === undefined || p.kind === f.kind) &&
      (f.parent === undefined || p.parentId === f.parent) &&
      (f.active === undefined || p.active === f.active) &&
      (q === undefined || [p.code, p.name, p.path, ...p.aliases].some((s) => s.toLowerCase().includes(q))),
  );
}

async function placeWithPath(ex: Executor, id: number): Promise<PlaceWithPath | null> {
  return withPaths(await listPlaces(ex)).find((p) => p.id === id) ?? null;
}

/** GET /places/:id */
export async function getPlace(ex: Executor, id: number): Promise<PlaceWithPath> {
  const p = await placeWithPath(ex, id);
  if (!p) throw notFound(`place ${id}`);
  return p;
}

const badField = (field: string, message: string) => new AppError('VALIDATION_FAILED', `${field}: ${message}`, { field });
const duplicateCode = (code: string) => conflict(`place code ${code} is already used`, { field: 'code' });

/**
 * Why `parent` cannot hold a place of `kind`, or null when it can: a room sits on a floor or in a
 * building, a floor in a building, a building nowhere. Shared with the import, which words it in Indonesian.
 */
function parentProblem(kind: PlaceKind, parent: Pick<Place, 'kind'> | null): string | null {
  const allowed = ALLOWED_PARENTS[kind];
  if (parent === null) return allowed.length === 0 ? null : `a ${kind} needs a parent (${allowed.join(' or ')})`;
  if (allowed.length === 0) return `a ${kind} has no parent`;
  return allowed.includes(parent.kind) ? null : `a ${kind} cannot be under a ${parent.kind}`;
}

async function checkParent(ex: Executor, kind: PlaceKind, parentId: number | null, self?: number): Promise<void> {
  if (parentId !== null && parentId === self) throw badField('parentId', 'a place cannot be its own parent');
  const parent = parentId === null ? null : await findPlaceById(ex, parentId);
  if (parentId !== null && !parent) throw badField('parentId', `no place ${parentId}`);
  const problem = parentProblem(kind, parent);
  if (problem) throw badField('parentId', problem);
}

/** POST /places, audited as `place.create`; a code already used is a 409. */
export async function createPlace(work: Work, input: PlaceCreateInput): Promise<PlaceWithPath> {
  return guardDuplicate(input.code, () =>
    work.run(async (u) => {
      if (await findPlaceByCode(u.trx, input.code)) throw duplicateCode(input.code);
      await checkParent(u.trx, input.kind, input.parentId);
      const id = await insertPlace(u.trx, input, u.now);
      const created = (await placeWithPath(u.trx, id))!;
      await u.audit({ action: 'place.create', entity: 'place', entityId: String(id), after: presentPlace(created) });
      return created;
    }),
  );
}

/** PATCH /places/:id, audited as `place.update` with before and after; `active: false` deactivates. */
export async function updatePlace(work: Work, id: number, patch: PlaceUpdateInput): Promise<PlaceWithPath> {
  return guardDuplicate(patch.code, () =>
    work.run(async (u) => {
      const before = await placeWithPath(u.trx, id);
      if (!before) throw notFound(`place ${id}`);
      if (patch.code !== undefined && patch.code !== before.code && (await findPlaceByCode(u.trx, patch.code))) {
        throw duplicateCode(patch.code);
      }
      const kind = patch.kind ?? before.kind;
      const parentId = patch.parentId !== undefined ? patch.parentId : before.parentId;
      if (patch.kind !== undefined || patch.parentId !== undefined) {
        await checkParent(u.trx, kind, parentId, id);
        const children = (await listPlaces(u.trx)).filter((p) => p.parentId === id);
        const misfit = children.find((c) => parentProblem(c.kind, { kind }) !== null);
        if (misfit) throw badField('kind', `${misfit.code} (${misfit.kind}) cannot be under a ${kind}`);
      }
      await updatePlaceRow(u.trx, id, patch, u.now);
      const after = (await placeWithPath(u.trx, id))!;
      await u.audit({
        action: 'place.update',
        entity: 'place',
        entityId: String(id),
        before: presentPlace(before),
        after: presentPlace(after),
      });
      return after;
    }),
  );
}

/**
 * POST /places/import: plans the file against the places there are and, unless a dry run, applies it all
 * in one transaction, audited once as `place.import`. A real import with any refused row writes nothing.
 */
export async function importPlaces(work: Work, ex: Executor, input: PlaceImportInput, dryRun: boolean): Promise<PlaceImportReport> {
  const rows = await readImportRows(input.format, input.content);
  const reportOf = (report: ReturnType<typeof planImport>['report'], applied: boolean): PlaceImportReport => {
    const count = (o: string) => report.filter((r) => r.outcome === o).length;
    const counts = { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), refused: count('refused') };
    return { dryRun, applied, counts, rows: report };
  };
  if (dryRun) return reportOf(planImport(rows, await listPlaces(ex)).report, false);
  // Someone adding one of the file's codes between the plan and the insert: a 409, like a single add.
  const applying = work.run(async (u) => {
    const { report, actions } = planImport(rows, await listPlaces(u.trx));
    if (report.some((r) => r.outcome === 'refused') || actions.length === 0) return reportOf(report, false);
    const idByCode = new Map((await listPlaces(u.trx)).map((p) => [p.code, p.id]));
    for (const a of actions) {
      const parentId = a.parentCode === null ? null : idByCode.get(a.parentCode)!;
      if (a.op === 'create') idByCode.set(a.fields.code, await insertPlace(u.trx, { ...a.fields, parentId }, u.now));
      else await updatePlaceRow(u.trx, a.id, { ...a.fields, parentId }, u.now);
    }
    const codes = (o: string) => report.filter((r) => r.outcome === o).map((r) => r.code);
    await u.audit({
      action: 'place.import',
      entity: 'place',
      entityId: null,
      after: { created: codes('created'), updated: codes('updated') },
    });
    return reportOf(report, true);
  });
  return applying.catch((err: unknown) => {
    throw isUniqueViolation(err) ? conflict('a code of the file was added meanwhile; preview again', { field: 'content' }) : err;
  });
}

/** Two requests adding the same code at once: the unique key refuses the second, which is a 409 too. */
async function guardDuplicate<T>(code: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (code !== undefined && isUniqueViolation(err)) throw duplicateCode(code);
    throw err;
  }
}
