/** Exit codes of the `wa-ticketing` commands (README, The command line). */
export const EXIT_OK = 0;
/** Failed, or refused (bad input, a damaged backup, a database in use). */
export const EXIT_FAILED = 1;
/** Nothing done: MySQL/MariaDB needs its own tool, and the command to run was printed. */
export const EXIT_MANUAL = 2;
/** sysexits' EX_USAGE: the command line was wrong; nothing was done. */
export const EXIT_USAGE = 64;
