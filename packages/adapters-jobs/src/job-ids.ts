/*
 * BullMQ refuses custom job ids that contain ":" or look like integers; ours contain both
 * (`<outboxId>:<subscriber>`, `campaign:7:42`). Stored ids are escaped, with a prefix, and
 * unescaped for handlers and callers: the mapping is one-to-one.
 */
export const toStoredJobId = (id: string): string => `j.${id.replaceAll('%', '%25').replaceAll(':', '%3A')}`;

export const fromStoredJobId = (stored: string): string =>
  stored.startsWith('j.') ? stored.slice(2).replaceAll('%3A', ':').replaceAll('%25', '%') : stored;
