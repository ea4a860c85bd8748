// URLs taken from a query string or from user content are resolved the way a browser resolves them
// (WHATWG URL: tabs and newlines dropped, "\" read as "/", "/.//x" normalised), never judged by
// their spelling, so no hostile spelling can point somewhere a pattern did not foresee.

/** The path, query and fragment of `requested` when it resolves to `origin`; otherwise null. */
export function sameOriginPath(requested: string, origin: string): string | null {
  let base: string;
  let url: URL;
  try {
    base = new URL(origin).origin;
    url = new URL(requested, base);
  } catch {
    return null;
  }
  if (url.origin !== base) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path such as "//evil.example" (from "/.//evil.example") reads as another host once it is
  // followed; only a path that resolves back to the same URL is handed out.
  return new URL(path, base).href === url.href ? path : null;
}

/** Where to go after signing in: the requested place when it is on this site, else the home page. */
export function safeCallbackUrl(requested: string | null | undefined, origin: string): string {
  return (requested ? sameOriginPath(requested, origin) : null) ?? "/";
}

// Stands for "this site" where the page's origin is not known (a component rendered on the server
// and in the browser must decide the same way): only relative references resolve to it.
const THIS_SITE = "https://this-site.invalid";

/** The path a Markdown image may load from: a relative reference on this site, else null. */
export function localImagePath(src: string): string | null {
  return sameOriginPath(src, THIS_SITE);
}
