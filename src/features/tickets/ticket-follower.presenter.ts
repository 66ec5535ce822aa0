import type { MergeFacts } from '../followers/follower.repository';

/** A ticket's followers and merges as the API shows them (ticketMergeFactsSchema). */
export const presentMergeFacts = (m: MergeFacts) => ({
  followers: m.followers.map((f) => ({
    name: f.name,
    phone: f.phone,
    since: new Date(f.createdAt).toISOString(),
    viaTrackingNo: f.viaTrackingNo,
  })),
  mergedInto: m.mergedInto,
  merged: m.merged.map((t) => ({ ...t, mergedAt: new Date(t.mergedAt).toISOString() })),
});
