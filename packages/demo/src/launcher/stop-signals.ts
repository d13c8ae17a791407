// Ctrl-C, kill and a closed terminal all mean "stop cleanly": the first one starts an orderly shutdown
// (sites, then the database server, which ends its sessions and writes its data); a third one quits at once.
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
/**
 * One Ctrl-C can arrive more than once: the terminal signals the whole process group, and pnpm (and npx,
 * under ./pnpmw) forward it to their child too. Copies this close together count as one press.
 */
const SAME_PRESS_MS = 500;

export interface StopSignals {
  /** Resolves with the first signal's name. */
  readonly stopped: Promise<string>;
  readonly requested: () => boolean;
  dispose(): void;
}

export function listenForStop(log: (message: string) => void): StopSignals {
  let count = 0;
  let last = Number.NEGATIVE_INFINITY;
  let resolveStopped: (signal: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => {
    resolveStopped = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    const now = performance.now();
    if (now - last < SAME_PRESS_MS) return;
    last = now;
    count += 1;
    if (count === 1) {
      log(`${signal}: stopping (sites first, then databases)...`);
      resolveStopped(signal);
    } else if (count === 2) {
      log(
        "still stopping cleanly; press Ctrl-C once more to quit at once (the embedded server then recovers on the next start)",
      );
    } else {
      process.exit(130);
    }
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return {
    stopped,
    requested: () => count > 0,
    dispose: () => {
      for (const signal of SIGNALS) process.off(signal, onSignal);
    },
  };
}
