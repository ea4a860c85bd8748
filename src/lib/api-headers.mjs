// @ts-check
// The security headers every API response carries. Plain ESM so that next.config.mjs (for the routes
// Next serves) and the production server's direct tRPC path (src/server/http/node.ts) send one list.
// Pages send the same list with their own Content-Security-Policy (src/proxy.ts).

/**
 * @param {boolean} production
 * @returns {{ key: string, value: string }[]}
 */
export function apiSecurityHeaders(production) {
  return [
    { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
    ...(production
      ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" }]
      : []),
  ];
}
