/** The periods of the retention rules (RETENTION_*); 0 turns a rule off. */
export interface RetentionSettings {
  mediaMonths: number;
  messagesMonths: number;
  anonymiseYears: number;
}

/** How many rows each rule changed (a run) or would change (a preview). */
export interface RetentionCounts {
  /** Photos and documents whose file was deleted from MEDIA_DIR. */
  mediaRemoved: number;
  /** Inbound messages whose body and raw payload were cleared. */
  inboundCleared: number;
  /** Outbound messages whose body was cleared. */
  outboundCleared: number;
  /** Desk-inbox previews and finished drafts emptied: copies of message text. */
  inboxCleared: number;
  /** Tickets whose reporter was anonymised. */
  ticketsAnonymised: number;
}

export interface RetentionRun {
  id: number;
  trigger: string;
  startedAt: number;
  finishedAt: number | null;
  settings: RetentionSettings;
  counts: RetentionCounts;
  error: string | null;
}

/** The cut-off of each rule for a run at a given time: rows older than it go; null = rule off. */
export interface RetentionCutoffs {
  media: number | null;
  messages: number | null;
  anonymise: number | null;
}

export const noCounts = (): RetentionCounts => ({
  mediaRemoved: 0,
  inboundCleared: 0,
  outboundCleared: 0,
  inboxCleared: 0,
  ticketsAnonymised: 0,
});
