// The Date constructor as the runtime made it. Next.js replaces the global `Date` with a wrapper that
// watches for clock reads while it prerenders; a timestamp parsed from the database reads no clock,
// and a Date made through the wrapper costs more to make and to print (about 0.1 ms a page of 50
// tasks). The production server (server.ts, beside it) imports this module before Next, so the original
// is kept for the code it loads itself; inside Next's own bundles this is whatever `Date` is there.
export const NativeDate: DateConstructor = Date;
