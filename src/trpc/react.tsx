"use client";

import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { httpBatchLink, httpSubscriptionLink, loggerLink, splitLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import { CLIENT_ID_HEADER } from "~/lib/client-id";
import { MAX_BATCH_SIZE } from "~/lib/trpc-limits";
import type { AppRouter } from "~/server/api/root";
import { createQueryClient } from "./query-client";

export const api = createTRPCReact<AppRouter>();
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

let browserQueryClient: QueryClient | undefined;
let tabId: string | undefined;

/**
 * This tab's random id, sent with every call so the live stream can tell the tab its own changes
 * apart. Per page load, not per session: a duplicated tab copies sessionStorage and would share it.
 */
export function clientId(): string {
  if (!tabId) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    tabId = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  return tabId;
}

function getQueryClient() {
  if (typeof window === "undefined") return createQueryClient();
  browserQueryClient ??= createQueryClient();
  return browserQueryClient;
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    api.createClient({
      links: [
        // Development only: left out of production bundles altogether.
        ...(process.env.NODE_ENV === "development"
          ? [loggerLink({ enabled: (op) => op.direction === "down" && op.result instanceof Error })]
          : []),
        // Subscriptions stream over server-sent events; the server's pings keep an idle stream open.
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: "/api/trpc", transformer: superjson }),
          false: httpBatchLink({
            url: "/api/trpc",
            transformer: superjson,
            maxItems: MAX_BATCH_SIZE,
            headers: () => ({ [CLIENT_ID_HEADER]: clientId() }),
          }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <api.Provider client={trpcClient} queryClient={queryClient}>
        {children}
      </api.Provider>
    </QueryClientProvider>
  );
}
