/** A closed day's statistics as GET /api/stats adds them up (src/features/stats/stats-day.ts). */
interface StatsDaySummariesTable {
  /** YYYY-MM-DD in APP_TIMEZONE. */
  day: string;
  /** The day's tickets (count and change times) and the working calendar when it was made; another one means made again. */
  fingerprint: string;
  built_at: number;
  /** JSON of a DaySummary. */
  data: string;
}

/** Tables of issue 17 part 4: the statistics' summary of closed days. */
export interface StatsSummaryTables {
  stats_day_summaries: StatsDaySummariesTable;
}
