/** Calls in one batched /api/trpc request; the server answers a larger batch with 400, the client splits. */
export const MAX_BATCH_SIZE = 50;
