import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/**
 * Hono's bodyLimit, without its cost on the common case: a request that declares its length is judged
 * by the header alone (Node's HTTP parser never lets a body run past its Content-Length). Hono's
 * version touches the request's body stream first, which makes @hono/node-server build a full web
 * Request for every request: a third of a submission's HTTP cost (bench/submission.ts). A body without
 * a length (chunked) is still counted as it streams in.
 */
export function limitBody(
  maxSize: number,
  onError: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError });
  return (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined)
      return Number.parseInt(length, 10) > maxSize ? Promise.resolve(onError(c)) : next();
    return streamed(c, next);
  };
}
