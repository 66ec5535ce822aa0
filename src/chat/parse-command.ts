/** A chat message read as a command: the first word, and everything after it. */
export interface ParsedCommand {
  /** The command word, lower-cased, without `#`. */
  word: string;
  /** The rest of the message, trimmed; line breaks inside are kept. */
  args: string;
  /** Whether the word was written with `#`: such a word is clearly meant as a command. */
  hashed: boolean;
}

// WhatsApp formatting marks people leave around a command when they copy it: *#cek*, _#cek_.
const LEADING_MARKS = /^[\s*_~]+/;
// In a group members address someone first: `@6281234567890 #request …`, or several of them.
const LEADING_MENTIONS = /^(?:[\s*_~]*@[^\s@,:]+[\s,:]*)+/;
const COMMAND = /^(#?)\s*([a-z][a-z0-9]*)(?=$|[\s*_~:.,!?])[*_~:.,!?]*\s*([\s\S]*)$/i;

/**
 * Pure: reads `#cek BRT2409001`, `Cek BRT2409001` or `REQUEST …` alike; leading mentions are skipped.
 * Returns undefined when the message does not start with a word (an emoji, a number, nothing).
 */
export function parseCommand(text: string): ParsedCommand | undefined {
  const m = COMMAND.exec(text.replace(LEADING_MENTIONS, '').replace(LEADING_MARKS, ''));
  if (!m) return undefined;
  return { hashed: m[1] === '#', word: (m[2] ?? '').toLowerCase(), args: (m[3] ?? '').trim() };
}
