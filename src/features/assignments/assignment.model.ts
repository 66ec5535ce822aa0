export interface Assignment {
  id: number;
  ticketId: number;
  staffId: string;
  staffName: string;
  staffPhone: string | null;
  note: string | null;
  status: 'active' | 'withdrawn';
  assignedBy: string | null;
  assignedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  withdrawnAt: number | null;
}
