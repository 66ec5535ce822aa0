import type { TicketStatus } from './ticket.model';
import { ticketStatuses } from './ticket-status';

/**
 * What can happen to a ticket in each state, who may do it, what the history records and who
 * is told. ticket-lifecycle.ts carries the moves out from this table and nothing else changes a
 * ticket's status or writes a status entry into its history. `by` is enforced at the entry points
 * (the command registry's roles, the routes' levels); `from` and `outcomes` by the lifecycle.
 *
 * | state     | can happen                                                                     |
 * |-----------|--------------------------------------------------------------------------------|
 * | baru      | assign → proses · start/report → proses · pend → pending · note · finish → selesai (everyone finished) · change → proses/pending/ditutup |
 * | proses    | assign · withdraw → baru (nobody left) or selesai (everyone left finished) · start · report · pend → pending · note · finish → selesai (everyone finished) · change → pending/selesai/ditutup |
 * | pending   | assign → proses · withdraw → selesai (everyone left finished) · start (resumes)/report → proses · note · finish → selesai · change → proses/selesai/ditutup |
 * | selesai   | withdraw · note · confirm → ditutup · reopen → proses · change → proses/ditutup · auto-close → ditutup |
 * | ditutup   | withdraw · note · change → proses                                              |
 * | any open  | merge (status stays) · closeWithMain → ditutup (the ticket it was merged into closed) |
 */

/** Who makes a move. `desk` is an Administrator or Staf through the API. */
type Mover = 'reporter' | 'technician' | 'desk' | 'system';

/** When an outcome applies beyond the state it starts from. */
type Condition =
  /** no active assignment is left on the ticket */
  | 'none_active'
  /** at least one active assignment, and every one of them finished */
  | 'all_active_finished'
  /** the desk asked for exactly this status */
  | 'asked';

/** One way a move changes the status; a move whose outcomes do not apply leaves the status alone. */
interface Outcome {
  from: readonly TicketStatus[];
  to: TicketStatus;
  when?: Condition;
}

interface TicketMove {
  /** Who may make it. */
  by: readonly Mover[];
  /** The states it may start from; from any other it is refused. */
  from: readonly TicketStatus[];
  /** Where it leads; the first outcome that applies wins. */
  outcomes: readonly Outcome[];
  /** The kind of the history entry it writes (and of the second entry an outcome may add). */
  records: string;
  /** Who hears of it by WhatsApp (texts in notifications/notification.texts.ts). */
  tells: readonly string[];
}

const open = ['baru', 'proses', 'pending'] as const satisfies readonly TicketStatus[];
const any = ticketStatuses;

/**
 * The moves the desk may ask for with PATCH /api/tickets/:no. `selesai` means the technicians
 * finished; only the reporter's confirmation (or the desk, or the auto-close) makes it `ditutup`.
 */
export const allowedTransitions: Record<TicketStatus, readonly TicketStatus[]> = {
  baru: ['proses', 'pending', 'ditutup'],
  proses: ['pending', 'selesai', 'ditutup'],
  pending: ['proses', 'selesai', 'ditutup'],
  selesai: ['proses', 'ditutup'],
  ditutup: ['proses'],
};

const asked = (table: Record<TicketStatus, readonly TicketStatus[]>): Outcome[] =>
  any.flatMap((from) => table[from].map((to) => ({ from: [from], to, when: 'asked' as const })));

const ticketMoves = {
  /** A complaint by chat becomes a ticket. */
  open: { by: ['reporter'], from: [], outcomes: [], records: 'created', tells: ['the reporter (the reply)', 'ADMIN_NOTIFY_TARGET'] },
  /** A technician is put on the ticket. */
  assign: {
    by: ['desk'],
    from: open,
    outcomes: [{ from: ['baru', 'pending'], to: 'proses' }],
    records: 'assigned',
    tells: ['the technician', 'the reporter'],
  },
  /**
   * A technician is taken off. Nobody left: the ticket waits for an assignment again. Everyone
   * left already finished: it is finished, exactly as their last #finish would have made it (a
   * `finished` entry, the reporter asked to confirm).
   */
  withdraw: {
    by: ['desk'],
    from: any,
    outcomes: [
      { from: ['proses'], to: 'baru', when: 'none_active' },
      { from: open, to: 'selesai', when: 'all_active_finished' },
    ],
    records: 'withdrawn',
    tells: ['the technician', 'the reporter when it becomes selesai (asked to confirm)'],
  },
  /** #start: the technician sets off; on a `pending` job it resumes the work (`resumed` when they had started). */
  start: {
    by: ['technician'],
    from: open,
    outcomes: [{ from: ['baru', 'pending'], to: 'proses' }],
    records: 'started',
    tells: ['the reporter'],
  },
  /** #pending: the technician's job waits (a spare part, a locked room); the SLA clocks stand until it moves on. */
  pend: {
    by: ['technician'],
    from: ['baru', 'proses'],
    outcomes: [{ from: ['baru', 'proses'], to: 'pending' }],
    records: 'pending',
    tells: ['the reporter, with the reason'],
  },
  /** #report: progress, perhaps with a photo. */
  report: {
    by: ['technician'],
    from: open,
    outcomes: [{ from: ['baru', 'pending'], to: 'proses' }],
    records: 'progress',
    tells: ['the reporter'],
  },
  /** A note through the API (`progress` when a technician writes it). */
  note: { by: ['desk', 'technician'], from: any, outcomes: [], records: 'note', tells: ['the reporter'] },
  /** #finish: one technician's part is done; when every active assignment is, the ticket is. */
  finish: {
    by: ['technician'],
    from: open,
    outcomes: [{ from: open, to: 'selesai', when: 'all_active_finished' }],
    records: 'finished',
    tells: ['the reporter: asked to confirm when everyone finished, else told who did'],
  },
  /** #selesai: the reporter (or a follower) confirms; the tickets merged into it close with it (closeWithMain). */
  confirm: {
    by: ['reporter'],
    from: ['selesai'],
    outcomes: [{ from: ['selesai'], to: 'ditutup' }],
    records: 'confirmed',
    tells: ['the reporter and the followers but the one who confirmed'],
  },
  /** #belum: the reporter (or a follower) says it is not done; every technician must finish again. */
  reopen: {
    by: ['reporter'],
    from: ['selesai'],
    outcomes: [{ from: ['selesai'], to: 'proses' }],
    records: 'reopened',
    tells: ['every technician on the ticket', 'the reporter and the followers but the one who reopened'],
  },
  /** PATCH by the desk (`reopened` when it takes a finished or closed ticket back to proses). */
  change: {
    by: ['desk'],
    from: any,
    outcomes: asked(allowedTransitions),
    records: 'status',
    tells: ['the reporter', 'every technician on the ticket when reopened'],
  },
  /**
   * The desk merges a ticket into another about the same fault (ticket-merge-moves.ts): its status
   * stays, its reporter and followers follow the other; refused while technicians are on it. The
   * other ticket gets a `merged_in` entry.
   */
  merge: { by: ['desk'], from: ['baru', 'proses', 'pending', 'selesai'], outcomes: [], records: 'merged', tells: ['both reporters'] },
  /** The main ticket closed (confirm, change, auto-close): each ticket merged into it closes too; its people heard the main's close. */
  closeWithMain: {
    by: ['system'],
    from: ['baru', 'proses', 'pending', 'selesai'],
    outcomes: [{ from: ['baru', 'proses', 'pending', 'selesai'], to: 'ditutup' }],
    records: 'closed_with_main',
    tells: [],
  },
  /** No answer from the reporter within AUTO_CLOSE_DAYS of `selesai`. */
  autoClose: {
    by: ['system'],
    from: ['selesai'],
    outcomes: [{ from: ['selesai'], to: 'ditutup' }],
    records: 'auto_closed',
    tells: ['the reporter'],
  },
} as const satisfies Record<string, TicketMove>;

export type MoveName = keyof typeof ticketMoves;

/** The facts about a ticket's assignments that conditions read. */
export interface Facts {
  activeAssignments: number;
  finishedAssignments: number;
  /** The status the desk asked for, for `change`. */
  asked?: TicketStatus;
}

/** True when `move` may start from `status`. */
export const allows = (move: MoveName, status: TicketStatus): boolean =>
  (ticketMoves[move].from as readonly TicketStatus[]).includes(status);

const holds = (when: Condition | undefined, to: TicketStatus, f: Facts): boolean =>
  when === undefined ||
  (when === 'none_active' && f.activeAssignments === 0) ||
  (when === 'all_active_finished' && f.activeAssignments > 0 && f.finishedAssignments === f.activeAssignments) ||
  (when === 'asked' && f.asked === to);

/** Where `move` takes a ticket in `status` given the facts, or null when the status stays. */
export function outcomeOf(move: MoveName, status: TicketStatus, facts: Facts): TicketStatus | null {
  const outcomes = ticketMoves[move].outcomes as readonly Outcome[];
  return outcomes.find((o) => o.from.includes(status) && holds(o.when, o.to, facts))?.to ?? null;
}

/** Going back to work on a ticket the technicians had finished: each must finish again. */
export const isReopening = (from: TicketStatus, to: TicketStatus) => to === 'proses' && (from === 'selesai' || from === 'ditutup');
