import fs from 'node:fs';
import type { RequestStore } from '../core/ports';

/**
 * Writes the audit trail as JSON lines, one event per line, oldest first: the shape auditors and
 * log tools read. Returns how many lines were written.
 */
export async function exportAudit(store: RequestStore, file: string, requestId?: string): Promise<number> {
  const events = await store.listAudit(requestId);
  const lines = events.map((event) =>
    JSON.stringify({
      seq: event.seq,
      requestId: event.requestId,
      at: event.at,
      actorId: event.actor.id,
      actorName: event.actor.name,
      action: event.action,
      fromState: event.fromState,
      toState: event.toState,
      accepted: event.accepted,
      reason: event.reason ?? null,
      conversationId: event.conversationId ?? null,
    }),
  );
  fs.writeFileSync(file, lines.map((line) => `${line}\n`).join(''));
  return lines.length;
}
