/** The service's only source of "now", so tests can stand on a month boundary. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
