// A synchronous computation (rendering a chart: template execution, YAML, discovery) never
// yields to the event loop, so the CLI's graceful SIGINT/SIGTERM handler could not run until it
// ended, and a hostile template could keep Ctrl-C waiting for minutes. Such a computation writes
// nothing (outputs are written later, to a temp name, then renamed), so there is nothing to
// clean up: while it runs, the signals get Node's default action back (the process ends at once,
// 128 + signal number, as the documented exit code 130 for SIGINT says), and the handlers are
// restored after it.
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export function withDefaultSignals<T>(fn: () => T): T {
  const saved = SIGNALS.map((s) => [s, process.listeners(s)] as const);
  for (const [s] of saved) process.removeAllListeners(s);
  try {
    return fn();
  } finally {
    for (const [s, listeners] of saved) for (const l of listeners) process.on(s, l as NodeJS.SignalsListener);
  }
}
