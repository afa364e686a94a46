/**
 * The chat commands the bot answers, as the manifest test expects them.
 *
 * TODO(lead): export `COMMANDS` from src/adapters/teams/commands.ts and route on it, then
 * delete this file — the manifest test prefers that module as soon as it exists, so the
 * Teams command menu and the bot's router cannot drift apart.
 */
export interface KnownCommand {
  name: string;
  description: string;
}

export const COMMANDS: ReadonlyArray<KnownCommand> = [
  { name: 'request', description: 'Request a new workspace' },
  { name: 'status', description: "Show a request's status: status <id>" },
  { name: 'my requests', description: 'List the requests you made' },
  { name: 'pending', description: 'Requests waiting for your approval' },
  { name: 'cancel', description: 'Cancel a request you made: cancel <id>' },
  { name: 'gateways', description: 'Gateways that can take another workspace' },
  { name: 'approvals here', description: 'Make this channel the approvals channel' },
  { name: 'history', description: 'Show what happened to a request: history <id>' },
  { name: 'help', description: 'What the bot can do and how to ask' },
];
