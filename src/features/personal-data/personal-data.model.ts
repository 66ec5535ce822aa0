/** Who a request is about: a phone number (normalised, `62…`), an employee id, or both once resolved. */
export interface PersonKey {
  phone: string;
  employeeId: string | null;
}

/** How much is held about one person: the page's summary and the erasure's audit entry (no personal data). */
interface PersonalDataCounts {
  ticketsAsReporter: number;
  ticketsAsFollower: number;
  duplicateOffers: number;
  inboundMessages: number;
  outboundMessages: number;
  ratings: number;
  photos: number;
  conversations: number;
  drafts: number;
  employeeEntries: number;
  staffEntries: number;
}

export interface StaffEntry {
  id: string;
  name: string;
  level: string;
  status: 'active' | 'inactive';
}

export interface PersonalDataSummary {
  person: PersonKey;
  employee: { id: string; name: string; unit: string | null; status: string } | null;
  staff: StaffEntry[];
  counts: PersonalDataCounts;
}

/** A stored photo or document of the person, with where its file is under MEDIA_DIR (null: none on disk). */
export interface PersonPhoto {
  id: number;
  ticketId: number;
  contentType: string | null;
  storagePath: string | null;
  createdAt: number;
}
