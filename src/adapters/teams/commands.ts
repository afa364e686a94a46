/** The commands people can type to the bot; the Teams manifest lists the same ones. */
export const COMMANDS: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'request', description: 'Request a new workspace' },
  { name: 'status', description: "Show a request's status: status <id>" },
  { name: 'my requests', description: 'Your requests and where they stand' },
  { name: 'pending', description: 'Requests waiting for your approval' },
  { name: 'cancel', description: 'Cancel a request while it waits: cancel <id>' },
  { name: 'gateways', description: 'Gateways that can take another workspace' },
  { name: 'approvals here', description: 'Make this channel the approvals channel' },
  { name: 'announcements here', description: 'Announce finished workspaces in this channel' },
  { name: 'history', description: "A request's audit trail: history <id>" },
  { name: 'help', description: 'What the bot can do' },
];

export type Command =
  | { name: 'request'; text: string }
  | { name: 'status' | 'cancel' | 'history'; requestId: string }
  | { name: 'my requests' | 'pending' | 'gateways' | 'approvals here' | 'announcements here' | 'help' };

const REQUEST_ID = /\bWR-[A-Z0-9]{6}\b/i;

/** Reads a chat message (mention already removed) as a command; anything unknown is help. */
export function parseCommand(text: string): Command {
  const clean = text.replace(/\s+/g, ' ').trim();
  const lower = clean.toLowerCase();
  const id = REQUEST_ID.exec(clean)?.[0].toUpperCase() ?? '';

  if (/^approvals? (channel )?here\b/.test(lower)) return { name: 'approvals here' };
  if (/^announcements? (channel )?here\b/.test(lower)) return { name: 'announcements here' };
  if (/^(status|show)\b/.test(lower)) return { name: 'status', requestId: id };
  if (/^cancel\b/.test(lower)) return { name: 'cancel', requestId: id };
  if (/^(history|audit)\b/.test(lower)) return { name: 'history', requestId: id };
  if (/^my requests?\b/.test(lower)) return { name: 'my requests' };
  if (/^pending\b/.test(lower)) return { name: 'pending' };
  if (/^gateways?\b/.test(lower)) return { name: 'gateways' };
  if (/^(help|\?|hi|hello)\b/.test(lower) || lower === '') return { name: 'help' };
  if (/\b(request|workspace|need|want|create|new)\b/.test(lower)) return { name: 'request', text: clean };
  return { name: 'help' };
}
