import { DEVICE } from './test-app';

let counter = 0;

/**
 * A private-chat message shaped like a real Fonnte delivery (see shared/fonnte-notes.md).
 * Each call gets its own timestamp unless given, so two calls are two messages.
 */
export function textMessage(from: string, message: string, extra: Record<string, unknown> = {}) {
  counter += 1;
  return {
    quick: false,
    device: DEVICE,
    pesan: message,
    pengirim: from,
    member: '',
    message,
    text: 'non-button message',
    sender: from,
    name: 'Pengirim WA',
    location: '',
    url: '',
    type: 'text',
    extension: '',
    filename: '',
    pollname: '',
    choices: [],
    inboxid: 0,
    isgroup: false,
    isforwarded: false,
    timestamp: 1726480000 + counter,
    ...extra,
  };
}

/** A message written by `member` in the group `groupId`. */
export function groupMessage(groupId: string, member: string, message: string, extra: Record<string, unknown> = {}) {
  return textMessage(groupId, message, { member, isgroup: true, ...extra });
}
