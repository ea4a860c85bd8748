import { z } from "zod";

/**
 * An email address as accounts know it: trimmed, lowercased, at most 254 characters. Sign-up, sign-in
 * and the sign-in limit all read addresses through it, so no spelling of one is another account.
 */
export const ZEmail = z.string().trim().toLowerCase().max(254).pipe(z.email());
