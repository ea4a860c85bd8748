import { PHASE_PRODUCTION_BUILD } from "next/constants.js";
import { parseEnv } from "./src/env.mjs";

/** @param {string} phase */
export default function config(phase) {
  // Validate at start-up: a server that cannot run stops here with the variable named.
  parseEnv(process.env, { runtime: phase !== PHASE_PRODUCTION_BUILD });

  /** @type {import("next").NextConfig} */
  const nextConfig = {
    reactStrictMode: true,
    poweredByHeader: false,
    serverExternalPackages: ["pino", "@node-rs/argon2", "pg"],
  };
  return nextConfig;
}
