import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";

function handler(req: Request) {
  const resHeaders = new Headers();
  let requestId = "";
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => {
      const ctx = createContext({ headers: req.headers, resHeaders });
      requestId = ctx.requestId;
      return ctx;
    },
    responseMeta: () => {
      const headers = new Headers(resHeaders);
      if (requestId) headers.set("x-request-id", requestId);
      return { headers };
    },
  });
}

export { handler as GET, handler as POST };
