import type { IncomingMessage, Server, ServerResponse } from "node:http";

/**
 * On SIGINT/SIGTERM: stops taking requests, lets open ones finish, runs `close` (the store) and exits.
 * From the signal on, every answer closes its connection (`Connection: close`): otherwise a
 * connection busy at the signal stays open for the keep-alive timeout after its answer, and a
 * client that keeps it busy (a proxy's upstream keep-alive) holds the server open for good.
 */
export function stopOnSignal(server: Server, close: () => Promise<void>): void {
  let stopping = false;
  const unanswered = new Set<ServerResponse>();
  server.prependListener("request", (_req: IncomingMessage, res: ServerResponse) => {
    if (stopping) {
      res.setHeader("Connection", "close");
      return;
    }
    unanswered.add(res);
    res.once("close", () => unanswered.delete(res));
  });
  const stop = () => {
    stopping = true;
    for (const res of unanswered) if (!res.headersSent) res.setHeader("Connection", "close");
    server.close(() => {
      close().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
