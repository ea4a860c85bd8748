import { z } from "zod";
import { ZEmail, ZName, ZOk } from "../common.schema";

// 8 to 128 characters: long passphrases welcome, megabyte payloads refused before any hashing.
export const ZPassword = z.string().min(8, "use at least 8 characters").max(128, "use at most 128 characters");
export const ZAuthToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "this link is malformed");

export const ZSignUpInput = z.object({ name: ZName, email: ZEmail, password: ZPassword }).strict();
export const ZEmailInput = z.object({ email: ZEmail }).strict();
export const ZTokenInput = z.object({ token: ZAuthToken }).strict();
export const ZResetPasswordInput = z.object({ token: ZAuthToken, password: ZPassword }).strict();
export { ZOk };
