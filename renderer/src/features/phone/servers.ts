/**
 * The SBCs the phone may register with, in the order it tries them. The signed profile
 * gives each a weight; the highest goes first, ties keep the profile's order, and the same
 * URL twice counts once (at its highest weight).
 */
export interface SipServer {
  url: string;
  weight: number;
}

export function orderServers(servers: readonly SipServer[]): SipServer[] {
  const best = new Map<string, SipServer & { index: number }>();
  servers.forEach((server, index) => {
    const seen = best.get(server.url);
    if (seen === undefined) best.set(server.url, { ...server, index });
    else if (server.weight > seen.weight) best.set(server.url, { ...server, index: seen.index });
  });
  return [...best.values()]
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map(({ url, weight }) => ({ url, weight }));
}

/**
 * Weights for the SIP stack's socket list: strictly decreasing in our order. The stack picks
 * at random among equal weights and moves to the next-highest after a failure; distinct
 * weights make that "first, then the next" — the order the profile asked for.
 */
export function failoverWeights(ordered: readonly SipServer[]): { url: string; weight: number }[] {
  return ordered.map((server, index) => ({ url: server.url, weight: ordered.length - index }));
}
