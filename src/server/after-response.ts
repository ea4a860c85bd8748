type Task = () => Promise<unknown>;
type Scheduler = (task: Task) => void;

let scheduler: Scheduler | null = null;

/**
 * Set by the transport that can run work once its response has gone out (the App Router's tRPC route
 * passes Next's `after`, which on Vercel also keeps the function alive until the work ends).
 */
export function setResponseScheduler(next: Scheduler | null): void {
  scheduler = next;
}

// Work the answer must not wait for (or reveal), such as an email. Without a scheduler, or outside a
// request where the scheduler refuses (tests, scripts, the production server's direct tRPC path), the
// work starts at once and is not awaited.
export function runAfterResponse(task: Task): void {
  if (scheduler) {
    try {
      scheduler(task);
      return;
    } catch {
      // Not inside a request: fall through.
    }
  }
  void task();
}
