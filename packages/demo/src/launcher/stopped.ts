/** Start-up was interrupted (Ctrl-C) and what it had started has been closed. */
export class DemoStoppedError extends Error {
  constructor() {
    super("userbridge: the demo was stopped while starting");
    this.name = "DemoStoppedError";
  }
}
