import type { Transaction } from 'kysely';
import { BackgroundLoop } from '../../background/background-loop';
import type { Db } from '../../db/create-db';
import type { Database } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import type { Logger } from '../../logger';
import type { Clock } from '../../shared/clock';
import { noteWaiting } from '../conversations/conversation.repository';
import { listDueOffers } from '../followers/duplicate-offer.repository';
import { leaveOfferForDesk } from '../followers/follower.service';
import { enqueueMessage } from '../outbox/outbox.repository';
import { draftLeftForDesk, draftPrompt } from '../texts/conversation.texts';
import type { DueDraft } from './draft.model';
import { claimPrompt, closeDraft, findDraft, listDueDrafts } from './draft.repository';
import { autoAnswersLeft, MAX_PROMPTS, type DraftTiming } from './draft.service';

const BATCH = 100;

/**
 * Sends the prompts of drafts whose burst is over ("Balas *YA* …") and leaves drafts nobody
 * confirmed in the desk's inbox, telling the person. Each draft in its own transaction with the
 * message it queues; a draft is claimed by a conditional UPDATE on the status and due time it was
 * listed with, so with several processes (or a message joining it meanwhile) it is acted on once,
 * and a restart simply finds what is still due.
 */
export class DraftJob {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      logger: Logger;
      timing: DraftTiming;
      onQueued: () => void;
      /** Between looks. Default 5 s: a prompt comes at most that much after DRAFT_GATHER_SECONDS. */
      intervalMs?: number;
    },
  ) {
    this.loop = new BackgroundLoop({
      name: 'drafts',
      logger: deps.logger,
      pollMs: deps.intervalMs ?? 5_000,
      pass: async () => (await this.runOnce()) >= BATCH,
      onError: (err) => deps.logger.warn({ err }, 'draft prompts failed; tried again at the next look'),
    });
  }

  /**
   * Acts on every draft due now (up to one batch), and on the duplicate offers nobody answered in
   * the same time (followers/follower.service.ts: they go to the desk's inbox); returns how many it looked at.
   */
  async runOnce(): Promise<number> {
    const { db, clock, logger } = this.deps;
    const due = await listDueDrafts(db.kysely, clock.now(), BATCH);
    let queued = 0;
    for (const d of due) if (await inTransaction(db, (trx) => this.act(trx, d))) queued++;
    const offers = await listDueOffers(db.kysely, clock.now(), BATCH);
    for (const id of offers) if (await inTransaction(db, (trx) => leaveOfferForDesk(trx, db.dialect, id, clock.now()))) queued++;
    if (queued > 0) {
      logger.info({ queued }, 'draft prompts and follow-ups queued');
      this.deps.onQueued();
    }
    return due.length + offers.length;
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** True when a message was queued. */
  private async act(trx: Transaction<Database>, due: DueDraft): Promise<boolean> {
    const { db, timing } = this.deps;
    const now = this.deps.clock.now();
    const mayAnswer = async () => (await autoAnswersLeft(trx, due.chatId, now)) > 0;
    if (due.status === 'gathering' && due.prompts < MAX_PROMPTS && (await mayAnswer())) {
      if (!(await claimPrompt(trx, due, now + timing.timeoutMs, now))) return false;
      const draft = (await findDraft(trx, due.id))!;
      await enqueueMessage(trx, { target: draft.chatId, body: draftPrompt(draft.text, draft.photos), kind: 'auto_answer' }, now);
      return true;
    }
    // Unconfirmed in time, or a prompt more would feed a loop: a person takes it from here.
    if (!(await closeDraft(trx, due.id, { to: 'left', from: due.status, dueAt: due.dueAt, now }))) return false;
    const draft = (await findDraft(trx, due.id))!;
    await noteWaiting(trx, db.dialect, {
      chatId: draft.chatId,
      phone: draft.phone,
      name: draft.name,
      isGroup: false,
      preview: draft.text.trim() || `[${draft.photos} foto]`,
      at: now,
    });
    if (due.status !== 'awaiting' || !(await mayAnswer())) return false;
    await enqueueMessage(trx, { target: draft.chatId, body: draftLeftForDesk(), kind: 'auto_answer' }, now);
    return true;
  }
}
