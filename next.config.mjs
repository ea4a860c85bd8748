import { PHASE_PRODUCTION_BUILD } from "next/constants.js";
import { apiSecurityHeaders } from "./src/lib/api-headers.mjs";
import { parseEnv } from "./src/env.mjs";
import { PUBLIC_FILES } from "./src/lib/public-files.mjs";

/** @param {string} phase */
export default function config(phase) {
  // Validate at start-up: a server that cannot run stops here with the variable named.
  const env = parseEnv(process.env, { runtime: phase !== PHASE_PRODUCTION_BUILD });
  const production = env.NODE_ENV === "production";

  /** @type {import("next").NextConfig} */
  const nextConfig = {
    reactStrictMode: true,
    poweredByHeader: false,
    serverExternalPackages: ["pino", "@node-rs/argon2", "pg"],
    turbopack: {
      // Toasts are not part of any page's first load: every `import … from "sonner"` gets a stand-in
      // with the same `toast` and `Toaster` that loads sonner on the first press or the first toast.
      resolveAlias: { sonner: "./src/components/ui/sonner-lazy.tsx" },
    },
    // Pages get their headers (with a per-request script nonce) from src/proxy.ts; API responses are
    // JSON and get a fixed set here.
    async headers() {
      return [
        {
          source: "/api/:path*",
          headers: apiSecurityHeaders(production),
        },
        // The files in public/ keep their names when they change, so a day's cache, then revalidate.
        {
          source: `/:file(${PUBLIC_FILES.map((f) => f.replaceAll(".", "\\.")).join("|")})`,
          headers: [
            { key: "Cache-Control", value: "public, max-age=86400, stale-while-revalidate=604800" },
            ...apiSecurityHeaders(production),
          ],
        },
      ];
    },
  };
  return nextConfig;
}
