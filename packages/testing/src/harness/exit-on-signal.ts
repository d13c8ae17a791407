// Ctrl-C (SIGINT), SIGTERM and SIGHUP must end the run through process.exit, so the `exit` hooks that stop
// embedded servers and remove containers run. Left alone they may not: testcontainers loads signal-exit
// (through proper-lockfile), which re-raises a signal when it thinks it is the only listener, and the
// process then dies without an `exit` event. vitest's SIGINT listener is a `once`, removed before signal-exit
// looks; ours stays registered (`on`, not `once`) so signal-exit never sees itself alone.
const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

let installed = false;

export function exitOnSignal(): void {
  if (installed) return;
  installed = true;
  for (const [signal, number] of Object.entries(SIGNALS)) {
    process.on(signal, () => {
      // vitest exits 1 ms after its SIGINT/SIGTERM; this is for the signals nobody else handles.
      setTimeout(() => process.exit(128 + number), 100);
    });
  }
}
