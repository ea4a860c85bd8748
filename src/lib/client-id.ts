/** Sent by the web app with every call: one random id per tab. Kept apart from `~/lib/live` so the browser bundle needs no schema library. */
export const CLIENT_ID_HEADER = "x-client-id";
