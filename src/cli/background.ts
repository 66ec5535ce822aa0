import type { Services } from '../services';

/** The background loops a process runs: message handling, the outbox sender, photo downloads, auto-close. */
export function startBackground(services: Services): void {
  services.processor.start();
  services.outbox.start();
  services.media.start();
  services.autoClose.start();
}

export async function stopBackground(services: Services): Promise<void> {
  await services.processor.stop();
  await services.outbox.stop();
  await services.media.stop();
  await services.autoClose.stop();
}

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits; a second signal while stopping is ignored,
 * and a stop that hangs is cut short so an orchestrator's kill timeout is never the only way out.
 */
export function exitOnSignal(stop: (signal: string) => Promise<void>, forceAfterMs = 25_000): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), forceAfterMs).unref();
    stop(signal).then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}
