import { PHASE_PRODUCTION_BUILD } from "next/constants.js";
import { apiSecurityHeaders } from "./src/lib/api-headers.mjs";
import { parseEnv } from "./src/env.mjs";

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
    // Pages get their headers (with a per-request script nonce) from src/proxy.ts; API responses are
    // JSON and get a fixed set here.
    async headers() {
      return [
        {
          source: "/api/:path*",
          headers: apiSecurityHeaders(production),
        },
      ];
    },
  };
  return nextConfig;
}
