import { isIP } from "node:net";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";

/**
 * Which X-Forwarded-For entries to believe (TRUST_PROXY): the last `hops` entries were added by our own
 * proxies, or every entry (and the socket) that is one of `proxies`. The left-most entry is whatever the
 * client wrote and is never taken as such.
 */
export type ProxyTrust = false | { hops: number } | { proxies: string[] };

/** The client's address: the one our trusted proxies received the request from, else the socket's. */
export function clientIp(c: Context<AppEnv>): string {
  const socket = socketAddress(c);
  const trust = c.var.trustProxy;
  if (!trust) return socket;
  const forwarded = (c.req.header("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  let address: string | undefined;
  if ("hops" in trust) {
    // Each proxy appends the address it was reached from: with n proxies the client's is n from the end.
    address = forwarded[Math.max(0, forwarded.length - trust.hops)];
  } else {
    const trusted = new Set(trust.proxies.map(normalize));
    const chain = [...forwarded, socket];
    address = chain.findLast((a) => !trusted.has(normalize(a))) ?? chain[0];
  }
  // A proxy passes on what it was given when misconfigured: garbage is not an address.
  return address && isIP(normalize(address)) ? normalize(address) : socket;
}

/**
 * The key rate limits count under: the address, with an IPv6 address grouped by its /64 network (one
 * home or phone gets a whole /64, so counting single addresses would let it rotate without end).
 */
export function clientKey(c: Context<AppEnv>): string {
  return addressGroup(clientIp(c));
}

export function addressGroup(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = expandIPv6(address);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : address;
}

/** An IPv4-mapped IPv6 address (::ffff:203.0.113.9) as the IPv4 address; zone ids dropped. */
function normalize(address: string): string {
  const a = address.replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  return mapped ? (mapped[1] as string) : a;
}

/** The eight 16-bit groups of an IPv6 address, in plain hex. */
function expandIPv6(address: string): string[] | undefined {
  let a = normalize(address);
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (v4) {
    const [b1, b2, b3, b4] = v4.slice(1).map(Number) as [number, number, number, number];
    a = `${a.slice(0, v4.index)}${((b1 << 8) | b2).toString(16)}:${((b3 << 8) | b4).toString(16)}`;
  }
  const [head, tail] = a.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  const groups = [...left, ...fill, ...right];
  return groups.length === 8 ? groups.map((g) => Number.parseInt(g, 16).toString(16)) : undefined;
}

function socketAddress(c: Context<AppEnv>): string {
  try {
    return normalize(getConnInfo(c).remote.address ?? "unknown");
  } catch {
    // app.request() in tests has no socket.
    return "local";
  }
}
