import { PHASE_PRODUCTION_BUILD } from "next/constants.js";
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
          headers: [
            { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
            { key: "X-Frame-Options", value: "DENY" },
            { key: "X-Content-Type-Options", value: "nosniff" },
            { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
            { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
            ...(production
              ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" }]
              : []),
          ],
        },
      ];
    },
  };
  return nextConfig;
}
