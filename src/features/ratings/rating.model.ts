/** The reporter's 1–5 for a closed ticket: asked once, answered at most once. */
export interface Rating {
  ticketId: number;
  /** The private chat the question went to and the answer is expected from. */
  chatId: string;
  askedAt: number;
  score: number | null;
  comment: string | null;
  ratedAt: number | null;
}
