const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// The caller's x-request-id when it is well formed (so a trace can follow a request through a proxy in
// front), otherwise a fresh one: a header value goes into logs and response headers as it is.
export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get("x-request-id");
  return incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}
