/** A WSAA login ticket request (TRA) for `service`, generated 10 minutes before `now`, expiring 10 minutes after. */
export const loginTicketRequest = (
  service: string,
  now: Date,
  options: { readonly generationTime?: string; readonly expirationTime?: string } = {},
): string => {
  const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const generation = options.generationTime ?? iso(new Date(now.getTime() - 600_000));
  const expiration = options.expirationTime ?? iso(new Date(now.getTime() + 600_000));
  return `<?xml version="1.0" encoding="UTF-8"?><loginTicketRequest version="1.0"><header><uniqueId>${Math.floor(now.getTime() / 1000)}</uniqueId><generationTime>${generation}</generationTime><expirationTime>${expiration}</expirationTime></header><service>${service}</service></loginTicketRequest>`;
};
