import { closeDb, createDb } from "~/server/db";
import { createApiToken } from "~/server/auth/api-tokens";

export async function createApiTokenForBench(url: string, userId: string): Promise<string> {
  const db = createDb(url, { max: 1 });
  try {
    return (await createApiToken(db, userId, { name: "bench", expiresAt: null })).secret;
  } finally {
    await closeDb(db);
  }
}
