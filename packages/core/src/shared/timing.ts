/** Waits for `work`, but no longer than `ms`; the work itself goes on. Never rejects. */
export const waitAtMost = async (work: Promise<unknown>, ms: number): Promise<void> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([
      work.then(
        () => undefined,
        () => undefined,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Lets pending I/O callbacks run (a timer turn, not just a microtask). Long bulk work that an
 * embedded, in-thread database executes calls this between slices, so requests that arrived
 * meanwhile are read and queued before the next slice takes the connection.
 */
export const yieldToPendingWork = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
