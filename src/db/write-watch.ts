import type {
  DeleteQueryNode,
  InsertQueryNode,
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RawNode,
  RootOperationNode,
  Transaction,
  UnknownRow,
  UpdateQueryNode,
} from 'kysely';
import type { Executor } from './create-db';
import type { Database } from './database';

/**
 * A write a transaction made, as far as its statement shows it. `table` null: a statement whose
 * target is not known (raw SQL of another shape, a multi-table update): every table may have changed.
 * `rows`: an INSERT's rows by column, when every value is a plain parameter (else undefined).
 */
export interface TableWrite {
  table: string | null;
  rows?: Array<Record<string, unknown>>;
}

type Listener = (w: TableWrite) => void;

const listeners = new WeakMap<Executor, Listener[]>();

/**
 * Tells `listener` of every later write of this transaction, before it runs. For what a transaction
 * keeps in memory of rows it may itself change (the duplicate lookup's open tickets of a batch): the
 * keeper drops what a write may have made stale. False (and nothing is told) when the transaction
 * was not opened by inTransaction, which alone watches: the caller must then read afresh every time.
 */
export function watchWrites(ex: Executor, listener: Listener): boolean {
  const own = listeners.get(ex);
  if (!own) return false;
  own.push(listener);
  return true;
}

/** `trx` as inTransaction hands it on: every statement run through it is seen before it runs. */
export function watched(trx: Transaction<Database>): Transaction<Database> {
  const own: Listener[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      if (own.length > 0) {
        const w = writeOf(args.node);
        if (w) for (const l of own) l(w);
      }
      return args.node;
    },
    transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return Promise.resolve(args.result);
    },
  };
  const seen = trx.withPlugin(plugin);
  listeners.set(seen, own);
  return seen;
}

const nameOf = (n: OperationNode | undefined): string | null => {
  if (n?.kind === 'TableNode') return (n as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
  if (n?.kind === 'AliasNode') return nameOf((n as unknown as { node: OperationNode }).node);
  return null;
};

/** Raw statements: reads are not writes; `UPDATE t`, `INSERT INTO t`, `DELETE FROM t` name their table. */
const RAW_WRITE = /^\s*(?:update|insert\s+(?:ignore\s+)?into|replace\s+into|delete\s+from)\s+[`"]?(\w+)/i;

/** The write `node` makes, or null for a read. */
function writeOf(node: RootOperationNode): TableWrite | null {
  switch (node.kind) {
    case 'SelectQueryNode':
      return null;
    case 'InsertQueryNode': {
      const n = node as InsertQueryNode;
      return { table: nameOf(n.into), rows: insertedRows(n) };
    }
    case 'UpdateQueryNode': {
      const n = node as UpdateQueryNode;
      return { table: n.joins?.length || n.from ? null : nameOf(n.table) };
    }
    case 'DeleteQueryNode': {
      const n = node as DeleteQueryNode;
      const froms = n.from.froms;
      return { table: froms.length === 1 && !n.using && !n.joins?.length ? nameOf(froms[0]) : null };
    }
    case 'RawNode': {
      const text = (node as RawNode).sqlFragments[0] ?? '';
      if (/^\s*select\b/i.test(text)) return null;
      return { table: RAW_WRITE.exec(text)?.[1] ?? null };
    }
    default:
      return { table: null };
  }
}

/** The INSERT's rows by column when each value is a plain parameter; undefined otherwise (INSERT … SELECT, expressions). */
function insertedRows(n: InsertQueryNode): Array<Record<string, unknown>> | undefined {
  const columns = n.columns?.map((c) => c.column.name);
  const values = n.values as (OperationNode & { values?: ReadonlyArray<OperationNode> }) | undefined;
  if (!columns || values?.kind !== 'ValuesNode' || !values.values) return undefined;
  const rows: Array<Record<string, unknown>> = [];
  for (const item of values.values) {
    const list = item as OperationNode & { values: ReadonlyArray<unknown> };
    let cells: unknown[];
    if (item.kind === 'PrimitiveValueListNode') cells = [...list.values];
    else if (item.kind === 'ValueListNode') {
      cells = [];
      for (const v of list.values as OperationNode[]) {
        if (v.kind !== 'ValueNode') return undefined;
        cells.push((v as unknown as { value: unknown }).value);
      }
    } else return undefined;
    rows.push(Object.fromEntries(columns.map((c, i) => [c, cells[i]])));
  }
  return rows;
}
